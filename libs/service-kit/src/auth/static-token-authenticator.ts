import { createHash, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../errors/service-error';
import type { Authenticator, Caller, CredentialCarrier } from './authenticator';

/** A machine credential and the sites it may act for ("*": every site). */
export interface BoundToken {
  token: string;
  sites: readonly string[];
}

/**
 * Parses a token list: entries separated by commas, each `<token>` (every site) or
 * `<token>@<site>[+<site>...]` (bound to those sites). Tokens are base64/hex secrets, which
 * never contain "@".
 */
export function parseBoundTokens(
  raw: readonly string[] | string | undefined,
  variable: string,
): BoundToken[] {
  const entries = typeof raw === 'string' ? raw.split(',') : [...(raw ?? [])];
  return entries
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.lastIndexOf('@');
      if (at === -1) return { token: entry, sites: ['*'] };
      const sites = entry
        .slice(at + 1)
        .split('+')
        .filter((site) => site !== '');
      if (
        at === 0 ||
        sites.length === 0 ||
        sites.some((site) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$|^\*$/.test(site))
      ) {
        throw new Error(`${variable}: an entry is "<token>" or "<token>@<site>[+<site>...]"`);
      }
      return { token: entry.slice(0, at), sites };
    });
}

/** Production: every token long enough not to be guessed and bound to named sites. */
export function boundTokenProblems(tokens: readonly BoundToken[], variable: string): string[] {
  const problems: string[] = [];
  if (tokens.some((t) => t.token.length < 32))
    problems.push(`${variable}: every token must be at least 32 characters`);
  if (tokens.some((t) => t.sites.includes('*')))
    problems.push(`${variable}: every token must be bound to its sites ("<token>@<site>")`);
  return problems;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Shared-secret bearer tokens for machines (integration systems, operators' scripts, the
 * MES's own clients). Digests are compared in constant time and every configured token is
 * compared, so neither content nor length nor position leaks through timing.
 */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly tokens: { digest: Buffer; sites: readonly string[]; fingerprint: string }[];

  constructor(
    readonly scheme: string,
    tokens: readonly BoundToken[],
    private readonly realm: string,
  ) {
    this.tokens = tokens.map((t) => ({
      digest: digest(t.token),
      sites: t.sites,
      fingerprint: digest(t.token).toString('hex').slice(0, 8),
    }));
  }

  get configured(): boolean {
    return this.tokens.length > 0;
  }

  authenticate(request: CredentialCarrier): Promise<Caller> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '');
    const presented = match?.[1] ? digest(match[1]) : undefined;
    let found: { sites: readonly string[]; fingerprint: string } | undefined;
    for (const token of this.tokens) {
      const same = presented !== undefined && timingSafeEqual(presented, token.digest);
      if (same && found === undefined) found = token;
    }
    if (!found) {
      return Promise.reject(
        new ServiceError(
          401,
          this.configured ? 'INVALID_TOKEN' : 'AUTH_NOT_CONFIGURED',
          `a bearer token for ${this.realm} is required`,
          {
            'WWW-Authenticate': `Bearer realm="${this.realm}"`,
          },
        ),
      );
    }
    return Promise.resolve({ scheme: this.scheme, id: `token:${found.fingerprint}`, sites: found.sites });
  }
}
