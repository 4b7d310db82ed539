import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { productionChecks } from '@andon/service-kit';
import { loadMcpConfig } from './config/mcp.config';
import { McpModule } from './mcp.module';

void runAgentService('mcp', loadMcpConfig(), (deps) => McpModule.forRoot(deps), {
  productionChecks: [
    productionChecks.userTokens,
    productionChecks.required(
      'MCP_RESOURCE_URL',
      'the public URL of /mcp: the audience tokens for this server must carry',
    ),
  ],
  onReady: ({ config, log }) => {
    if (!config.JWT_HS256_SECRET && !config.JWKS_URL)
      log.warn('neither JWT_HS256_SECRET nor JWKS_URL is set: /mcp refuses every call');
  },
});
