import { decodeProtectedHeader } from 'jose';
import { createJwtVerifier, scopedSites, type JwtVerifier } from '@andon/governance/auth';
import { ServiceError } from '../errors/service-error';
import { USER_SCHEME } from './access.decorators';
import type { Authenticator, Caller, CredentialCarrier } from './authenticator';

export interface UserAuthOptions {
  /** Development/test shared secret (HS256). The production profile refuses it. */
  hs256Secret?: string | undefined;
  /** The identity provider's JWKS endpoint (RS256/ES256 tokens). */
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/**
 * People's bearer tokens: HS256 (development, issued by approval's password sign-in)
 * and/or the identity provider's JWKS. The token header picks the verifier; an
 * algorithm without one is refused. With no key configured every request is refused:
 * a service is never open because a variable was left out.
 */
export class UserAuthenticator implements Authenticator {
  private readonly hs256: JwtVerifier | null;
  private readonly jwks: JwtVerifier | null;

  constructor(readonly options: UserAuthOptions) {
    const claims = { issuer: options.issuer, audience: options.audience };
    this.hs256 = options.hs256Secret
      ? createJwtVerifier({ keys: { kind: 'hs256', secret: options.hs256Secret }, ...claims })
      : null;
    this.jwks = options.jwksUrl
      ? createJwtVerifier({ keys: { kind: 'jwks-url', url: options.jwksUrl }, ...claims })
      : null;
  }

  get configured(): boolean {
    return this.hs256 !== null || this.jwks !== null;
  }

  async authenticate(request: CredentialCarrier): Promise<Caller> {
    if (!this.configured)
      throw new ServiceError(
        401,
        'AUTH_NOT_CONFIGURED',
        'no token key is configured (JWT_HS256_SECRET or JWKS_URL): every request is refused',
      );
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '');
    if (!match?.[1])
      throw unauthorized('MISSING_TOKEN', 'sign in first: expected "Authorization: Bearer <token>"');
    const token = match[1];
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthorized('MALFORMED_TOKEN', 'the bearer token is not a JWT');
    }
    const verifier = alg === 'HS256' ? this.hs256 : this.jwks;
    if (!verifier)
      throw unauthorized(
        'ALGORITHM_NOT_ALLOWED',
        `tokens signed with ${alg ?? 'no algorithm'} are not accepted here`,
      );
    const result = await verifier.verify(token);
    if (!result.ok) {
      if (result.status === 503)
        throw new ServiceError(503, result.code, `authentication unavailable: ${result.message}`);
      throw unauthorized(result.code, `authentication failed: ${result.message}`);
    }
    const principal = result.principal;
    return {
      scheme: USER_SCHEME,
      id: principal.userId,
      principal,
      sites: scopedSites(principal),
      // Only the identity provider's auth_time proves a fresh sign-in; HS256 tokens are minted by us.
      ...(verifier === this.jwks && result.authTime !== undefined ? { authTime: result.authTime } : {}),
    };
  }
}

function unauthorized(code: string, message: string): ServiceError {
  return new ServiceError(401, code, message, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${code}"`,
  });
}

/** The config keys every service that authenticates people reads (libs/config's adapter schema). */
export interface UserAuthConfig {
  JWT_HS256_SECRET?: string | undefined;
  JWKS_URL?: string | undefined;
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
}

export function userAuthenticatorFrom(config: UserAuthConfig): UserAuthenticator {
  return new UserAuthenticator({
    hs256Secret: config.JWT_HS256_SECRET,
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}
