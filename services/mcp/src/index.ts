// Public API of the MCP server, for services/standalone (composition).
export { McpModule } from './mcp.module';
export { McpRuntime, type McpDeps, type McpTopics } from './mcp-runtime';
export {
  mcpConfigSchema,
  loadMcpConfig,
  resourceUrlOf,
  type McpConfig,
  type McpSettings,
} from './config/mcp.config';
export { protectedResourceMetadataUrl } from './auth/mcp-auth';
