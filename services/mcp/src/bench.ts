// What bench/ measures inside this service, named here so that a change to these parts
// shows its benchmark at compile time. Imported as '@andon/service-mcp/bench' by bench/ only
// (an Nx project, tags type:bench); never by production code or other services.
export { McpModule } from './mcp.module';
export { McpServerService } from './server/mcp-server.service';
export { McpTools } from './tools/mcp-tools';
export { loadMcpConfig } from './config/mcp.config';
export { runTool } from './tools/tool-runner';
