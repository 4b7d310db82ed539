import { SignJWT } from 'jose';
import type { Principal } from '@andon/governance/auth';
import { activeProfile } from '@andon/service-kit';
import type { McpRuntime } from '../mcp-runtime';

const TTL_SECONDS = 900;

export interface DevTokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Development and the standalone have no identity provider to issue tokens for this
 * server. This endpoint stands in for one: the caller's console session token (verified
 * by the kit's user scheme, the other services' audience) is answered with a 15-minute
 * token for the same principal whose audience is this MCP server, shaped like an RFC 8693
 * token-exchange answer. Off without the HS256 secret, with MCP_DEV_TOKEN_ENDPOINT=false,
 * and under NODE_ENV=production or ANDON_PROFILE=production.
 */
export async function issueMcpDevToken(
  runtime: McpRuntime,
  principal: Principal,
  body: unknown,
): Promise<DevTokenAnswer> {
  const config = runtime.deps.config;
  const secret = config.JWT_HS256_SECRET;
  if (
    !secret ||
    !config.MCP_DEV_TOKEN_ENDPOINT ||
    process.env['NODE_ENV'] === 'production' ||
    activeProfile() === 'production'
  ) {
    return {
      status: 404,
      body: {
        code: 'DEV_TOKEN_DISABLED',
        message: 'get a token for this server from your identity provider',
      },
    };
  }
  const requested = (body ?? {}) as { client_id?: unknown };
  const clientId =
    typeof requested.client_id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(requested.client_id)
      ? requested.client_id
      : 'andon-dev-client';
  const p = principal;
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({
    name: p.name,
    roles: p.roles,
    sites: p.sites,
    ...(p.lines ? { lines: p.lines } : {}),
    azp: clientId,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(p.userId)
    .setIssuedAt(now)
    .setExpirationTime(now + TTL_SECONDS)
    .setAudience(runtime.auth.audience);
  if (config.JWT_ISSUER) jwt = jwt.setIssuer(config.JWT_ISSUER);
  const token = await jwt.sign(new TextEncoder().encode(secret));
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'Bearer',
      expires_in: TTL_SECONDS,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      resource: runtime.auth.resource,
    },
  };
}
