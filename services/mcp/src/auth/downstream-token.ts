import { issueDevToken } from '@andon/governance/auth';
import type { McpSettings } from '../config/mcp.config';
import type { McpCaller } from './mcp-auth';

/** Turns the caller's MCP token into a token the other Andon APIs accept, never by passing it on. */
export interface DownstreamTokens {
  readonly kind: 'exchange' | 'reissue' | 'none';
  tokenFor(caller: McpCaller): Promise<string>;
}

const REISSUE_TTL = '60s';

/**
 * Development and the standalone: the process holds the HS256 secret, so it signs a
 * one-minute token for exactly the same principal (roles, sites, lines), bound to the
 * downstream audience. The services re-check scope on that principal as for any caller.
 */
class ReissuedTokens implements DownstreamTokens {
  readonly kind = 'reissue' as const;
  constructor(
    private readonly secret: string,
    private readonly issuer: string | undefined,
    private readonly audience: string | undefined,
  ) {}

  tokenFor(caller: McpCaller): Promise<string> {
    return issueDevToken(caller.principal, {
      secret: this.secret,
      expiresIn: REISSUE_TTL,
      ...(this.issuer ? { issuer: this.issuer } : {}),
      ...(this.audience ? { audience: this.audience } : {}),
    });
  }
}

/**
 * RFC 8693 token exchange at the identity provider: the MCP token is the subject token,
 * the answer is a token for the Andon APIs' audience. Cached per subject token until a
 * minute before it expires, so a tool call costs no extra round trip after the first.
 */
class ExchangedTokens implements DownstreamTokens {
  readonly kind = 'exchange' as const;
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly url: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly audience: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async tokenFor(caller: McpCaller): Promise<string> {
    const now = Date.now();
    const cached = this.cache.get(caller.token);
    if (cached && cached.until > now) return cached.token;
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: caller.token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      ...(this.audience ? { audience: this.audience } : {}),
    });
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`).toString('base64')}`,
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`token exchange refused: HTTP ${res.status}`);
    const json = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string')
      throw new Error('token exchange answered without an access_token');
    const ttlMs = typeof json.expires_in === 'number' ? json.expires_in * 1000 : 60_000;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(caller.token, { token: json.access_token, until: now + Math.max(0, ttlMs - 60_000) });
    return json.access_token;
  }
}

class NoDownstreamTokens implements DownstreamTokens {
  readonly kind = 'none' as const;
  tokenFor(): Promise<string> {
    return Promise.reject(
      new Error(
        'no downstream authentication: set MCP_TOKEN_EXCHANGE_URL (identity provider) or JWT_HS256_SECRET (development)',
      ),
    );
  }
}

export function createDownstreamTokens(config: McpSettings): DownstreamTokens {
  const mode =
    config.MCP_DOWNSTREAM_AUTH === 'auto'
      ? config.MCP_TOKEN_EXCHANGE_URL
        ? 'exchange'
        : config.JWT_HS256_SECRET
          ? 'reissue'
          : 'none'
      : config.MCP_DOWNSTREAM_AUTH;
  if (mode === 'reissue') {
    if (!config.JWT_HS256_SECRET) throw new Error('MCP_DOWNSTREAM_AUTH=reissue needs JWT_HS256_SECRET');
    return new ReissuedTokens(config.JWT_HS256_SECRET, config.JWT_ISSUER, config.JWT_AUDIENCE);
  }
  if (mode === 'exchange') {
    const {
      MCP_TOKEN_EXCHANGE_URL: url,
      MCP_TOKEN_EXCHANGE_CLIENT_ID: id,
      MCP_TOKEN_EXCHANGE_CLIENT_SECRET: secret,
    } = config;
    if (!url || !id || !secret)
      throw new Error(
        'MCP_DOWNSTREAM_AUTH=exchange needs MCP_TOKEN_EXCHANGE_URL, _CLIENT_ID and _CLIENT_SECRET',
      );
    return new ExchangedTokens(url, id, secret, config.JWT_AUDIENCE, config.MCP_DOWNSTREAM_TIMEOUT_MS);
  }
  return new NoDownstreamTokens();
}
