import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { DEFAULT_CLAIM_MAPPING, principalFromClaims, type ClaimMapping, type Principal } from './principal';

export type JwtKeySource =
  /** Shared secret for development and tests; at least 32 characters. */
  | { kind: 'hs256'; secret: string }
  /** An identity provider's JWKS endpoint; keys are fetched and cached by jose. */
  | { kind: 'jwks-url'; url: string; timeoutMs?: number; cooldownMs?: number }
  /** A JWKS document held locally (air-gapped sites, tests). */
  | { kind: 'jwks'; jwks: JSONWebKeySet };

export interface JwtVerifierOptions {
  keys: JwtKeySource;
  issuer?: string;
  audience?: string;
  /** Asymmetric algorithms accepted from a JWKS; HS256 is implied by an hs256 source. */
  algorithms?: string[];
  clockToleranceSec?: number;
  claimMapping?: ClaimMapping;
  now?: () => Date;
}

export type AuthFailureCode =
  | 'MISSING_TOKEN'
  | 'MALFORMED_TOKEN'
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'INVALID_CLAIMS'
  | 'KEYS_UNAVAILABLE';

export type AuthResult =
  /** `authTime`: the OIDC `auth_time` claim (seconds since the epoch), when the token carries it. */
  | { ok: true; principal: Principal; authTime?: number }
  /** 503 only when the identity provider's keys cannot be fetched: not the caller's fault. */
  | { ok: false; status: 401 | 503; code: AuthFailureCode; message: string };

export interface JwtVerifier {
  verify(token: string): Promise<AuthResult>;
  /** Accepts the raw Authorization header value ("Bearer <jwt>"). */
  verifyBearer(header: string | undefined): Promise<AuthResult>;
}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const { key, algorithms } = resolveKeys(options);
  const mapping = options.claimMapping ?? DEFAULT_CLAIM_MAPPING;

  const verify = async (token: string): Promise<AuthResult> => {
    if (!token) return fail('MISSING_TOKEN', 'no token presented');
    let payload: Record<string, unknown>;
    try {
      const verified = await jwtVerify(token, key, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockToleranceSec ?? 30,
        currentDate: options.now?.(),
        requiredClaims: ['exp', mapping.userIdClaim],
      });
      payload = verified.payload;
    } catch (err) {
      return classify(err);
    }
    const mapped = principalFromClaims(payload, mapping);
    if (!mapped.ok) return fail('INVALID_CLAIMS', mapped.message);
    const authTime = payload['auth_time'];
    return typeof authTime === 'number' && Number.isFinite(authTime)
      ? { ok: true, principal: mapped.principal, authTime }
      : { ok: true, principal: mapped.principal };
  };

  return {
    verify,
    verifyBearer: (header) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
      return match?.[1]
        ? verify(match[1])
        : Promise.resolve(fail('MISSING_TOKEN', 'expected "Authorization: Bearer <token>"'));
    },
  };
}

function resolveKeys(options: JwtVerifierOptions): { key: JWTVerifyGetKey; algorithms: string[] } {
  const source = options.keys;
  switch (source.kind) {
    case 'hs256': {
      if (source.secret.length < 32) throw new Error('HS256 secret must be at least 32 characters');
      const secret = new TextEncoder().encode(source.secret);
      return { key: () => secret, algorithms: ['HS256'] };
    }
    case 'jwks-url':
      return {
        key: createRemoteJWKSet(new URL(source.url), {
          timeoutDuration: source.timeoutMs ?? 5000,
          cooldownDuration: source.cooldownMs ?? 30_000,
        }),
        algorithms: options.algorithms ?? ['RS256'],
      };
    case 'jwks':
      return { key: createLocalJWKSet(source.jwks), algorithms: options.algorithms ?? ['RS256'] };
  }
}

function fail(code: AuthFailureCode, message: string): AuthResult {
  return { ok: false, status: code === 'KEYS_UNAVAILABLE' ? 503 : 401, code, message };
}

function classify(err: unknown): AuthResult {
  if (err instanceof errors.JWTExpired) return fail('TOKEN_EXPIRED', 'token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return fail('WRONG_ISSUER', 'token was issued by an untrusted issuer');
    if (err.claim === 'aud') return fail('WRONG_AUDIENCE', 'token is not meant for this audience');
    if (err.claim === 'nbf' || err.claim === 'iat')
      return fail('TOKEN_NOT_YET_VALID', `token "${err.claim}" is in the future`);
    return fail('INVALID_CLAIMS', `claim "${err.claim}": ${err.reason}`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return fail('BAD_SIGNATURE', 'token signature is invalid');
  if (err instanceof errors.JOSEAlgNotAllowed)
    return fail('ALGORITHM_NOT_ALLOWED', 'token algorithm is not accepted');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return fail('UNKNOWN_KEY', 'no trusted key matches the token header');
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || isFetchFailure(err)) {
    return fail('KEYS_UNAVAILABLE', `identity provider keys unavailable: ${(err as Error).message}`);
  }
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSENotSupported
  ) {
    return fail('MALFORMED_TOKEN', (err as Error).message);
  }
  if (err instanceof errors.JOSEError) return fail('MALFORMED_TOKEN', err.message);
  throw err;
}

function isFetchFailure(err: unknown): boolean {
  // Not `instanceof Error`: socket errors may come from another realm (Jest's sandbox, workers).
  if (typeof err !== 'object' || err === null) return false;
  // jose reports a non-200 or non-JSON JWKS answer as a generic JOSEError ...
  if (err instanceof errors.JOSEError)
    return err.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(err.message);
  // ... and passes socket errors through untouched.
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code);
}
