import { All, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import { Public } from '@andon/service-kit';
import { originAllowed } from '../auth/origin-check';
import { McpRuntime } from '../mcp-runtime';
import { issueMcpDevToken } from './dev-token';

const jsonRpcError = (res: Response, status: number, code: number, message: string) =>
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * The MCP endpoint (Streamable HTTP, stateless: one server and transport per POST) and
 * the RFC 9728 metadata clients discover the authorization server from. The endpoint
 * authenticates with its own resource-server rules (audience = this server) so that a
 * 401 carries the `WWW-Authenticate: Bearer resource_metadata=...` MCP clients need.
 */
@Controller()
// The kit's user guard would answer a 401 without the WWW-Authenticate challenge MCP
// clients need; every route here authenticates itself (or is metadata, public by RFC 9728).
@Public(
  'OAuth resource server: /mcp verifies bearer tokens for its own audience and answers 401 with WWW-Authenticate; the metadata is public by RFC 9728',
)
export class McpController {
  constructor(@Inject(McpRuntime) private readonly runtime: McpRuntime) {}

  @Get('.well-known/oauth-protected-resource')
  metadata() {
    return this.runtime.auth.metadata();
  }

  @Get('.well-known/oauth-protected-resource/mcp')
  metadataForPath() {
    return this.runtime.auth.metadata();
  }

  /** Development only: an Andon session token (console sign-in) in, a token for this server out. */
  @Post('mcp/dev-token')
  async devToken(@Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await issueMcpDevToken(this.runtime, req.headers.authorization, req.body);
    res.status(result.status).json(result.body);
  }

  @All('mcp')
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    const config = this.runtime.deps.config;
    if (!originAllowed(req.headers.origin, config.MCP_ALLOWED_ORIGINS, this.runtime.auth.resource)) {
      jsonRpcError(res, 403, -32000, `origin ${req.headers.origin} is not allowed`);
      return;
    }
    const auth = await this.runtime.auth.authenticate(req.headers.authorization);
    if (!auth.ok) {
      res.setHeader('WWW-Authenticate', auth.wwwAuthenticate);
      res.status(auth.status).json({ code: auth.code, message: auth.message });
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no standalone SSE stream and no session to delete.
      res.setHeader('Allow', 'POST');
      jsonRpcError(res, 405, -32000, 'method not allowed: this server is stateless, POST JSON-RPC messages');
      return;
    }
    const server = this.runtime.serverFor(auth.caller);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    (req as Request & { auth?: unknown }).auth = this.runtime.auth.authInfo(auth.caller);
    await transport.handleRequest(req as Parameters<typeof transport.handleRequest>[0], res, req.body);
  }
}
