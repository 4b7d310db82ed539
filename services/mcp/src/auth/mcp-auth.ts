import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createJwtVerifier, type JwtVerifier, type Principal } from '@andon/governance/auth';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { resourceUrlOf, type McpSettings } from '../config/mcp.config';
import { MCP_SETTINGS } from '../mcp.tokens';

/** The caller of one MCP request: the person (from the token) and the client acting for them. */
export interface McpCaller {
  principal: Principal;
  /** OAuth client id (`azp` or `client_id` claim); "unknown-client" when the token names none. */
  clientId: string;
  /** The verified bearer token, kept only to exchange it for a downstream token. */
  token: string;
  expiresAt: number;
}

export type McpAuthResult =
  | { ok: true; caller: McpCaller }
  | { ok: false; status: 401 | 503; code: string; message: string; wwwAuthenticate: string };

/** RFC 9728 protected-resource metadata. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: string[];
  resource_name: string;
  resource_documentation?: string;
  scopes_supported: string[];
}

/**
 * The MCP server as an OAuth 2.1 resource server: tokens from the plant's identity
 * provider, verified with the same JWKS / issuer rules as every other service, but the
 * audience is this server (a token minted for another Andon API is refused here, and the
 * MCP token is never passed on). A 401 names the metadata document clients discover the
 * authorization server from.
 */
@Injectable()
export class McpAuth {
  readonly resource: string;
  readonly audience: string;
  readonly metadataUrl: string;
  private readonly hs256: JwtVerifier | null;
  private readonly jwks: JwtVerifier | null;

  constructor(@Inject(MCP_SETTINGS) private readonly config: McpSettings) {
    this.resource = resourceUrlOf(config);
    this.audience = config.MCP_AUDIENCE ?? this.resource;
    this.metadataUrl = protectedResourceMetadataUrl(this.resource);
    const claims = { audience: this.audience, ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}) };
    this.hs256 = config.JWT_HS256_SECRET
      ? createJwtVerifier({ keys: { kind: 'hs256', secret: config.JWT_HS256_SECRET }, ...claims })
      : null;
    this.jwks = config.JWKS_URL
      ? createJwtVerifier({ keys: { kind: 'jwks-url', url: config.JWKS_URL }, ...claims })
      : null;
  }

  get configured(): boolean {
    return this.hs256 !== null || this.jwks !== null;
  }

  metadata(): ProtectedResourceMetadata {
    const servers =
      this.config.MCP_AUTHORIZATION_SERVERS ?? (this.config.JWT_ISSUER ? [this.config.JWT_ISSUER] : []);
    return {
      resource: this.resource,
      authorization_servers: servers,
      bearer_methods_supported: ['header'],
      resource_name: 'Andon MCP server (read plant data; propose, never execute)',
      scopes_supported: [],
    };
  }

  async authenticate(authorization: string | undefined): Promise<McpAuthResult> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1])
      return this.refuse(401, 'MISSING_TOKEN', 'expected "Authorization: Bearer <token>"', false);
    const token = match[1];
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return this.refuse(401, 'MALFORMED_TOKEN', 'the bearer token is not a JWT', true);
    }
    const verifier = alg === 'HS256' ? this.hs256 : this.jwks;
    if (!verifier)
      return this.refuse(
        401,
        this.configured ? 'ALGORITHM_NOT_ALLOWED' : 'AUTH_NOT_CONFIGURED',
        `tokens signed with ${alg ?? 'no algorithm'} are not accepted here`,
        true,
      );
    const result = await verifier.verify(token);
    if (!result.ok) return this.refuse(result.status, result.code, result.message, true);
    const claims = decodeJwt(token);
    const clientId =
      [claims['azp'], claims['client_id']].find((v): v is string => typeof v === 'string' && v.length > 0) ??
      'unknown-client';
    return { ok: true, caller: { principal: result.principal, clientId, token, expiresAt: claims.exp ?? 0 } };
  }

  /** What the SDK hands to tool handlers as `extra.authInfo`. */
  authInfo(caller: McpCaller): AuthInfo {
    return {
      token: caller.token,
      clientId: caller.clientId,
      scopes: [],
      expiresAt: caller.expiresAt,
      resource: new URL(this.resource),
      extra: { principal: caller.principal },
    };
  }

  private refuse(status: 401 | 503, code: string, message: string, tokenPresented: boolean): McpAuthResult {
    // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
    const params = [`realm="andon-mcp"`, `resource_metadata="${this.metadataUrl}"`];
    if (tokenPresented && status === 401)
      params.push(`error="invalid_token"`, `error_description="${code}: ${message.replace(/["\\]/g, "'")}"`);
    return { ok: false, status, code, message, wwwAuthenticate: `Bearer ${params.join(', ')}` };
  }
}

/** RFC 9728 section 3.1: the well-known path is inserted between host and the resource's path. */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}
