import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InMemoryUserDirectory } from '@andon/governance/auth';
import type { Logger } from '@andon/observability';
import { DEMO_USERS_FILE, loadUserDirectory } from './load-users';

export interface UserDirectorySettings {
  USERS_FILE?: string | undefined;
  JWKS_URL?: string | undefined;
  ANDON_PROFILE: 'development' | 'production';
}

/**
 * The people who may sign in with a password and re-authenticate with one: the mounted
 * users file when there is one. Without it, only a development laptop with no identity
 * provider gets the demo users; with OIDC (or in production) the directory is empty and
 * signatures re-authenticate at the identity provider (auth_time step-up).
 */
export function resolveUserDirectory(
  settings: UserDirectorySettings,
  log?: Pick<Logger, 'warn'>,
): InMemoryUserDirectory {
  if (settings.USERS_FILE) return loadUserDirectory(settings.USERS_FILE);
  if (settings.ANDON_PROFILE === 'production' || settings.JWKS_URL)
    return InMemoryUserDirectory.fromRecords([]);
  log?.warn(
    { file: DEMO_USERS_FILE },
    'USERS_FILE is not set: the demo users (password andon-demo) can sign in; development only',
  );
  return loadUserDirectory(DEMO_USERS_FILE);
}

/** Whether a users file is the shipped demo directory (by path or by content). */
export function isDemoUsersFile(file: string): boolean {
  if (resolve(file) === resolve(DEMO_USERS_FILE)) return true;
  if (!existsSync(file) || !existsSync(DEMO_USERS_FILE)) return false;
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  return digest(file) === digest(DEMO_USERS_FILE);
}
