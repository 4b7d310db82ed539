import type { Principal } from '@andon/governance/auth';

/** Who made a request, as the scheme that authenticated it established. */
export interface Caller {
  scheme: string;
  /** user id, or a short fingerprint of an integration token (never the token) */
  id: string;
  /** Present for people (the `user` scheme). */
  principal?: Principal;
  /** Sites the caller may act for or read; "*" means every site. */
  sites: readonly string[];
  /** OIDC `auth_time` (seconds since the epoch) when the token carried it: step-up proof. */
  authTime?: number;
}

/** The part of an HTTP or gRPC request an authenticator reads. */
export interface CredentialCarrier {
  authorization: string | undefined;
  /** The peer address, for rate limits and logs. */
  address?: string | undefined;
}

/**
 * Turns a request's credentials into a Caller or throws a ServiceError (401/403/503).
 * One implementation per scheme; services provide them under `authenticatorToken(scheme)`.
 */
export interface Authenticator {
  authenticate(request: CredentialCarrier): Promise<Caller>;
}

/** The Nest injection token under which a service provides the authenticator of `scheme`. */
export const authenticatorToken = (scheme: string): string => `andon:authenticator:${scheme}`;
