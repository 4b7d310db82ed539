import { readFileSync } from 'node:fs';
import { startStdioBridge } from './stdio-bridge';

/**
 * `npm run mcp:stdio` (or node dist/.../main-stdio.js): a desktop client's local command.
 * ANDON_MCP_URL names the server; ANDON_MCP_TOKEN (or ANDON_MCP_TOKEN_FILE) carries the
 * user's token for it.
 */
const url = process.env['ANDON_MCP_URL'] ?? 'http://localhost:8080/mcp';
const tokenFile = process.env['ANDON_MCP_TOKEN_FILE'];
const token = (process.env['ANDON_MCP_TOKEN'] ?? (tokenFile ? readFileSync(tokenFile, 'utf8') : '')).trim();
if (!token) {
  process.stderr.write(
    'andon mcp bridge: set ANDON_MCP_TOKEN or ANDON_MCP_TOKEN_FILE to a token for the MCP server\n',
  );
  process.exit(2);
}
startStdioBridge({ url, token }).catch((err: unknown) => {
  process.stderr.write(`andon mcp bridge failed: ${(err as Error).message}\n`);
  process.exit(1);
});
