import { decodeProtectedHeader } from 'jose';
import {
  createJwtVerifier,
  issueDevToken,
  reauthenticate,
  type JwtVerifier,
  type Principal,
  type UserDirectory,
} from '@andon/governance';
import { ApprovalError } from '../domain/approval-error';

export interface AuthOptions {
  /** HS256 shared secret (dev/test); enables login with the user directory. */
  hs256Secret?: string | undefined;
  /** OIDC provider JWKS endpoint for RS256 tokens. */
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  loginTokenTtl?: string | undefined;
}

export interface LoginResult {
  token: string;
  user: Principal;
}

/**
 * Turns a bearer token into a Principal (roles and site scopes come from the token and
 * are re-checked by every use case). HS256 and JWKS can both be configured: the token's
 * own header says which verifier applies, and an algorithm without a verifier is refused.
 */
export class AuthService {
  private readonly hs256: JwtVerifier | null;
  private readonly jwks: JwtVerifier | null;

  constructor(
    private readonly options: AuthOptions,
    private readonly users: UserDirectory,
  ) {
    const claims = { issuer: options.issuer, audience: options.audience };
    this.hs256 = options.hs256Secret
      ? createJwtVerifier({ keys: { kind: 'hs256', secret: options.hs256Secret }, ...claims })
      : null;
    this.jwks = options.jwksUrl
      ? createJwtVerifier({ keys: { kind: 'jwks-url', url: options.jwksUrl }, ...claims })
      : null;
    if (!this.hs256 && !this.jwks)
      throw new Error(
        'approval: configure JWT_HS256_SECRET (dev) or JWKS_URL (OIDC) to authenticate callers',
      );
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1])
      throw new ApprovalError(
        401,
        'MISSING_TOKEN',
        'sign in first: expected "Authorization: Bearer <token>"',
      );
    const token = match[1];
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new ApprovalError(401, 'MALFORMED_TOKEN', 'the bearer token is not a JWT');
    }
    const verifier = alg === 'HS256' ? this.hs256 : this.jwks;
    if (!verifier)
      throw new ApprovalError(
        401,
        'ALGORITHM_NOT_ALLOWED',
        `tokens signed with ${alg ?? 'no algorithm'} are not accepted here`,
      );
    const result = await verifier.verify(token);
    if (!result.ok)
      throw new ApprovalError(result.status, result.code, `authentication failed: ${result.message}`);
    return result.principal;
  }

  /** Demo/dev sign-in against the user directory; production signs in at the identity provider. */
  async login(userId: string, password: string): Promise<LoginResult> {
    if (!this.options.hs256Secret) {
      throw new ApprovalError(
        404,
        'LOGIN_DISABLED',
        'password login is only available with JWT_HS256_SECRET (development); sign in through your identity provider',
      );
    }
    const result = await reauthenticate(userId, password, this.users);
    if (!result.ok) throw new ApprovalError(401, result.code, result.message);
    const user = await this.users.findUser(userId);
    if (!user) throw new ApprovalError(401, 'INVALID_CREDENTIALS', 'user id or password is wrong');
    const principal: Principal = {
      userId: user.userId,
      name: user.name,
      roles: [...user.roles],
      sites: [...user.sites],
      ...(user.lines ? { lines: [...user.lines] } : {}),
    };
    const token = await issueDevToken(principal, {
      secret: this.options.hs256Secret,
      expiresIn: this.options.loginTokenTtl ?? '8h',
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      ...(this.options.audience ? { audience: this.options.audience } : {}),
    });
    return { token, user: principal };
  }
}
