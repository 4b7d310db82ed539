// Public API of the MCP server, for services/standalone (composition).
export { McpModule, type McpModuleOptions } from './mcp.module';
export type { McpTopics } from './mcp.tokens';
export {
  mcpConfigSchema,
  loadMcpConfig,
  resourceUrlOf,
  type McpConfig,
  type McpSettings,
} from './config/mcp.config';
export { protectedResourceMetadataUrl } from './auth/mcp-auth';
