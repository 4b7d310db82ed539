import { productionChecks, type ProfileCheck } from '@andon/service-kit';
import { isDemoUsersFile } from '../users/resolve-user-directory';

/**
 * What approval refuses under ANDON_PROFILE=production: development keys (a signing key
 * generated into the data directory), tokens without issuer and audience, password sign-in
 * without a mounted users file, and the demo users.
 */
export const APPROVAL_PRODUCTION_CHECKS: readonly ProfileCheck[] = [
  productionChecks.userTokens,
  productionChecks.required(
    'APPROVAL_SIGNING_KEY_PEM',
    'the decision signing key (a Secret); without it a development key is generated',
  ),
  (env) =>
    (env['JWT_HS256_SECRET'] ?? '') !== '' && (env['USERS_FILE'] ?? '') === ''
      ? [
          {
            variable: 'USERS_FILE',
            problem: 'password sign-in (JWT_HS256_SECRET) needs a users file mounted from a Secret',
          },
        ]
      : [],
  (env) =>
    (env['USERS_FILE'] ?? '') !== '' && isDemoUsersFile(env['USERS_FILE'] ?? '')
      ? [
          {
            variable: 'USERS_FILE',
            problem: 'is the demo users file (known password, an admin of every site)',
          },
        ]
      : [],
];
