import { All, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import type { Principal } from '@andon/governance/auth';
import { Authenticated, CurrentPrincipal, Public } from '@andon/service-kit';
import { MCP_SCHEME, McpAuthenticator } from '../auth/mcp.authenticator';
import { originAllowed } from '../auth/origin-check';
import { McpRuntime } from '../mcp-runtime';
import { issueMcpDevToken } from './dev-token';

const jsonRpcError = (res: Response, status: number, code: number, message: string) =>
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * The MCP endpoint (Streamable HTTP, stateless: one server and transport per POST) and
 * the RFC 9728 metadata clients discover the authorization server from. `/mcp` is
 * authenticated by the `mcp` scheme (resource-server rules, audience = this server), whose
 * 401 carries the `WWW-Authenticate: Bearer resource_metadata=...` challenge.
 */
@Controller()
export class McpController {
  constructor(
    @Inject(McpRuntime) private readonly runtime: McpRuntime,
    @Inject(McpAuthenticator) private readonly authenticator: McpAuthenticator,
  ) {}

  @Get('.well-known/oauth-protected-resource')
  @Public('RFC 9728 protected-resource metadata: MCP clients read it before they hold a token')
  metadata() {
    return this.runtime.auth.metadata();
  }

  @Get('.well-known/oauth-protected-resource/mcp')
  @Public('RFC 9728 protected-resource metadata for the /mcp resource: read before a token exists')
  metadataForPath() {
    return this.runtime.auth.metadata();
  }

  /** Development only: a console session (user scheme) in, a token for this server out. */
  @Post('mcp/dev-token')
  @Authenticated()
  async devToken(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const result = await issueMcpDevToken(this.runtime, principal, req.body);
    res.status(result.status).json(result.body);
  }

  @All('mcp')
  @Authenticated(MCP_SCHEME)
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    const config = this.runtime.deps.config;
    if (!originAllowed(req.headers.origin, config.MCP_ALLOWED_ORIGINS, this.runtime.auth.resource)) {
      jsonRpcError(res, 403, -32000, `origin ${req.headers.origin} is not allowed`);
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no standalone SSE stream and no session to delete.
      res.setHeader('Allow', 'POST');
      jsonRpcError(res, 405, -32000, 'method not allowed: this server is stateless, POST JSON-RPC messages');
      return;
    }
    const caller = await this.authenticator.callerFor(req.headers.authorization);
    const server = this.runtime.serverFor(caller);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    (req as Request & { auth?: unknown }).auth = this.runtime.auth.authInfo(caller);
    await transport.handleRequest(req as Parameters<typeof transport.handleRequest>[0], res, req.body);
  }
}
