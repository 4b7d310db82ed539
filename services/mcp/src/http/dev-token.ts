import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Principal } from '@andon/governance/auth';
import { activeProfile } from '@andon/service-kit';
import type { McpAuth } from '../auth/mcp-auth';
import type { McpSettings } from '../config/mcp.config';

const TTL_SECONDS = 900;

/**
 * The request body, shaped like an RFC 8693 token-exchange request: other fields a client
 * sends (grant_type, subject_token, ...) are ignored; a client_id, when given, must be a
 * plain identifier. No body (or an empty one) asks for the default client id.
 */
export const devTokenRequest = z
  .looseObject({
    client_id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, { error: 'letters, digits and . _ : - only, at most 64' })
      .optional(),
  })
  .optional();
export type DevTokenRequest = z.infer<typeof devTokenRequest>;

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
  config: Pick<McpSettings, 'JWT_HS256_SECRET' | 'MCP_DEV_TOKEN_ENDPOINT' | 'JWT_ISSUER'>,
  auth: Pick<McpAuth, 'audience' | 'resource'>,
  principal: Principal,
  body: DevTokenRequest,
): Promise<DevTokenAnswer> {
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
  const clientId = body?.client_id ?? 'andon-dev-client';
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
    .setAudience(auth.audience);
  if (config.JWT_ISSUER) jwt = jwt.setIssuer(config.JWT_ISSUER);
  const token = await jwt.sign(new TextEncoder().encode(secret));
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'Bearer',
      expires_in: TTL_SECONDS,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      resource: auth.resource,
    },
  };
}
