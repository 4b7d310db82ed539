import { All, Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import type { Principal } from '@andon/governance/auth';
import { Authenticated, CurrentPrincipal, Public, ZodValidationPipe } from '@andon/service-kit';
import { McpAuth } from '../auth/mcp-auth';
import { MCP_SCHEME, McpAuthenticator } from '../auth/mcp.authenticator';
import { originAllowed } from '../auth/origin-check';
import type { McpSettings } from '../config/mcp.config';
import { MCP_SETTINGS } from '../mcp.tokens';
import { McpServerService } from '../server/mcp-server.service';
import { devTokenRequest, issueMcpDevToken, type DevTokenRequest } from './dev-token';

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
    private readonly servers: McpServerService,
    private readonly auth: McpAuth,
    private readonly authenticator: McpAuthenticator,
    @Inject(MCP_SETTINGS) private readonly config: McpSettings,
  ) {}

  @Get('.well-known/oauth-protected-resource')
  @Public('RFC 9728 protected-resource metadata: MCP clients read it before they hold a token')
  metadata() {
    return this.auth.metadata();
  }

  @Get('.well-known/oauth-protected-resource/mcp')
  @Public('RFC 9728 protected-resource metadata for the /mcp resource: read before a token exists')
  metadataForPath() {
    return this.auth.metadata();
  }

  /** Development only: a console session (user scheme) in, a token for this server out. */
  @Post('mcp/dev-token')
  @Authenticated()
  async devToken(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(devTokenRequest)) body: DevTokenRequest,
    @Res() res: Response,
  ): Promise<void> {
    const result = await issueMcpDevToken(this.config, this.auth, principal, body);
    res.status(result.status).json(result.body);
  }

  @All('mcp')
  @Authenticated(MCP_SCHEME)
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!originAllowed(req.headers.origin, this.config.MCP_ALLOWED_ORIGINS, this.auth.resource)) {
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
    const server = this.servers.serverFor(caller);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    (req as Request & { auth?: unknown }).auth = this.auth.authInfo(caller);
    await transport.handleRequest(req as Parameters<typeof transport.handleRequest>[0], res, req.body);
  }
}
