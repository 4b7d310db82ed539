import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface StdioBridgeOptions {
  /** The Andon MCP endpoint, e.g. https://andon.plant.example/mcp */
  url: string;
  /** An access token for that server (audience = the MCP resource). */
  token: string;
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  onError?: (err: Error) => void;
}

/**
 * stdio for desktop clients that launch a local command: every JSON-RPC message read
 * on stdin is forwarded to the plant's MCP server over Streamable HTTP with the user's
 * bearer token, and every answer written back to stdout. Nothing is decided locally:
 * the laptop holds no bus access, no policy and no key, so the governed server sees
 * exactly the calls it would see over HTTP.
 */
export async function startStdioBridge(options: StdioBridgeOptions): Promise<{ close(): Promise<void> }> {
  const local: Transport = new StdioServerTransport(
    options.stdin as NodeJS.ReadStream | undefined,
    options.stdout as NodeJS.WriteStream | undefined,
  );
  const remote: Transport = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: { authorization: `Bearer ${options.token}` } },
  });
  const report =
    options.onError ?? ((err: Error) => process.stderr.write(`andon mcp bridge: ${err.message}\n`));
  local.onmessage = (message) => {
    remote.send(message).catch((err: unknown) => {
      report(err as Error);
      // A request that cannot be delivered gets a JSON-RPC error, so the client does not wait forever.
      if ('id' in message && 'method' in message)
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32000, message: `Andon MCP server unreachable: ${(err as Error).message}` },
        });
    });
  };
  remote.onmessage = (message) => void local.send(message).catch(report);
  local.onerror = report;
  remote.onerror = report;
  await remote.start();
  await local.start();
  return {
    close: async () => {
      await local.close();
      await remote.close();
    },
  };
}
