import { hashPassword, verifyPassword } from './password-hash';
import type { UserDirectory } from './user-directory.port';

/**
 * Evidence that the signer presented both identification components (user id and
 * password) at signing time, as 21 CFR Part 11 §11.200(a)(1) requires for a signing
 * that is not part of one continuous controlled session. `authenticatedAt` becomes
 * the approval's `reauthenticatedAt`, which policy checks against its window.
 */
export interface ReauthProof {
  userId: string;
  method: 'password';
  components: ['user_id', 'password'];
  authenticatedAt: string;
}

export type ReauthResult =
  | { ok: true; proof: ReauthProof }
  | { ok: false; code: 'INVALID_CREDENTIALS' | 'ACCOUNT_DISABLED'; message: string };

// Unknown users still pay for one scrypt so response time does not reveal which ids exist.
let decoyHash: Promise<string> | undefined;

export async function reauthenticate(
  userId: string,
  password: string,
  directory: UserDirectory,
  now: () => Date = () => new Date(),
): Promise<ReauthResult> {
  const user = await directory.findUser(userId);
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(password, await decoyHash);
    return { ok: false, code: 'INVALID_CREDENTIALS', message: 'user id or password is wrong' };
  }
  const matches = await verifyPassword(password, user.passwordHash);
  if (!matches) return { ok: false, code: 'INVALID_CREDENTIALS', message: 'user id or password is wrong' };
  if (user.disabled) return { ok: false, code: 'ACCOUNT_DISABLED', message: 'account is disabled' };
  return {
    ok: true,
    proof: {
      userId: user.userId,
      method: 'password',
      components: ['user_id', 'password'],
      authenticatedAt: now().toISOString(),
    },
  };
}
