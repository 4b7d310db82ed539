import { Inject, Injectable } from '@nestjs/common';
import { issueDevToken, reauthenticate, type Principal, type UserDirectory } from '@andon/governance/auth';
import { AttemptLimiter, ServiceError, UserAuthenticator, type Caller } from '@andon/service-kit';
import { APPROVAL_AUTH_OPTIONS, APPROVAL_USERS } from '../approval.tokens';
import { ApprovalError } from '../domain/approval-error';

export interface AuthOptions {
  /** HS256 shared secret; with a users file it enables password sign-in. */
  hs256Secret?: string | undefined;
  /** OIDC provider JWKS endpoint for RS256 tokens. */
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  loginTokenTtl?: string | undefined;
  /** Failed sign-ins or re-authentications allowed per user in `attemptWindowMs` (per address: ten times as many). */
  maxFailedAttempts?: number;
  attemptWindowMs?: number;
}

export interface LoginResult {
  token: string;
  user: Principal;
}

/**
 * Authentication for approval: bearer tokens through the kit's UserAuthenticator (the one
 * every service uses), password sign-in against the users file when HS256 is configured,
 * and the attempt limiter that stops password guessing (and scrypt floods) before any hash
 * is computed.
 */
@Injectable()
export class AuthService {
  readonly tokens: UserAuthenticator;
  private readonly userAttempts: AttemptLimiter;
  // An address may be a proxy or the plant's NAT for many people: a looser limit, so one
  // person's typos (or an attacker) cannot lock everyone behind it out.
  private readonly addressAttempts: AttemptLimiter;

  constructor(
    @Inject(APPROVAL_AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(APPROVAL_USERS) private readonly users: UserDirectory,
  ) {
    this.tokens = new UserAuthenticator(options);
    if (!this.tokens.configured)
      throw new Error(
        'approval: configure JWT_HS256_SECRET (dev) or JWKS_URL (OIDC) to authenticate callers',
      );
    const maxFailures = options.maxFailedAttempts ?? 5;
    const windowMs = options.attemptWindowMs ?? 15 * 60_000;
    this.userAttempts = new AttemptLimiter({ maxFailures, windowMs });
    this.addressAttempts = new AttemptLimiter({ maxFailures: maxFailures * 10, windowMs });
  }

  /** Verifies a bearer token (gRPC and tests; HTTP goes through the kit guard). */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    return (await this.authenticateCaller(authorization)).principal as Principal;
  }

  async authenticateCaller(authorization: string | undefined, address?: string): Promise<Caller> {
    try {
      return await this.tokens.authenticate({ authorization, address });
    } catch (err) {
      if (err instanceof ServiceError && !(err instanceof ApprovalError)) {
        throw new ApprovalError(err.status === 503 ? 503 : 401, err.code, err.message, err.headers);
      }
      throw err;
    }
  }

  /** Throws 429 while the user or the address is locked out after failed attempts. */
  checkAttempts(userId: string, address: string | undefined): string[] {
    const keys = [`user:${userId}`, ...(address ? [`addr:${address}`] : [])];
    try {
      this.userAttempts.check(keys.filter((k) => k.startsWith('user:')));
      this.addressAttempts.check(keys.filter((k) => k.startsWith('addr:')));
    } catch (err) {
      if (err instanceof ServiceError) throw new ApprovalError(429, err.code, err.message, err.headers);
      throw err;
    }
    return keys;
  }

  attemptFailed(keys: readonly string[]): void {
    this.userAttempts.fail(keys.filter((k) => k.startsWith('user:')));
    this.addressAttempts.fail(keys.filter((k) => k.startsWith('addr:')));
  }

  /** A success clears the person's count; the address's count runs out with its window. */
  attemptSucceeded(keys: readonly string[]): void {
    this.userAttempts.succeed(keys.filter((k) => k.startsWith('user:')));
  }

  /** Password sign-in (HS256 tokens); without HS256 people sign in at the identity provider. */
  async login(userId: string, password: string, address?: string): Promise<LoginResult> {
    if (!this.options.hs256Secret) {
      throw new ApprovalError(
        404,
        'LOGIN_DISABLED',
        'password sign-in is off: JWT_HS256_SECRET is not configured; sign in through your identity provider',
      );
    }
    const keys = this.checkAttempts(userId, address);
    const result = await reauthenticate(userId, password, this.users);
    if (!result.ok) {
      this.attemptFailed(keys);
      throw new ApprovalError(401, result.code, result.message);
    }
    this.attemptSucceeded(keys);
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
