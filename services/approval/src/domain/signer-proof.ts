import { reauthenticate, type Principal, type UserDirectory } from '@andon/governance/auth';
import { type Clock } from '@andon/service-kit';
import type { AuthService } from '../auth/auth.service';
import type { StoredSignature } from './action-record';
import { ApprovalError } from './approval-error';

/** How the signer proved, at signing time, that they are who the token says. */
export interface SignerProof {
  method: StoredSignature['reauthMethod'];
  authenticatedAt: string;
}

export interface ReauthInput {
  /** re-entered at signing; verified against the user directory and discarded */
  password: string;
  /** the IdP's `auth_time` (seconds) of the caller's token: a step-up sign-in stands in for the password */
  idpAuthTime?: number;
  /** the caller's address, for the attempt limiter */
  address?: string;
}

/**
 * The one re-authentication every e-signature goes through (an action's decision and a
 * shift acknowledgement alike): the password against the user directory behind the
 * attempt limiter, or, without a password, a fresh sign-in at the identity provider.
 */
export async function proveSigner(
  principal: Principal,
  input: ReauthInput,
  deps: { auth: AuthService; users: UserDirectory; clock: Clock },
): Promise<SignerProof> {
  if (input.password === '') {
    // An auth_time ahead of our clock (skew) counts as now: a signature never predates its re-authentication.
    if (input.idpAuthTime !== undefined) {
      return {
        method: 'oidc-step-up',
        authenticatedAt: new Date(
          Math.min(input.idpAuthTime * 1000, deps.clock.now().getTime()),
        ).toISOString(),
      };
    }
    throw new ApprovalError(
      401,
      'REAUTH_REQUIRED',
      'signing requires re-entering your password, or a fresh sign-in at your identity provider',
    );
  }
  const keys = deps.auth.checkAttempts(principal.userId, input.address);
  const result = await reauthenticate(principal.userId, input.password, deps.users, () => deps.clock.now());
  if (!result.ok) {
    deps.auth.attemptFailed(keys);
    throw new ApprovalError(
      401,
      result.code,
      `re-authentication failed: ${result.message}; the signature was not recorded`,
    );
  }
  deps.auth.attemptSucceeded(keys);
  return { method: 'password', authenticatedAt: result.proof.authenticatedAt };
}

/** The directory's name is the printed name of record; the token's is a fallback. */
export async function printedName(principal: Principal, users: UserDirectory): Promise<string> {
  return (await users.findUser(principal.userId))?.name ?? principal.name;
}
