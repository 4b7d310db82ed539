import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` against the configured tokens. Digests are
 * compared in constant time, so neither a token's content nor its length leaks through
 * timing. Returns a short fingerprint of the matching token for logs, never the token.
 */
export function authenticate(authorization: string | undefined, tokens: readonly string[]): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const presented = digest(match[1] as string);
  let found: string | undefined;
  for (const token of tokens) {
    // No early exit: every configured token is compared.
    if (timingSafeEqual(presented, digest(token)) && found === undefined) found = digest(token).toString('hex').slice(0, 8);
  }
  return found;
}
