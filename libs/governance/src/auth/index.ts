// @andon/governance/auth: roles, principals, token verification, passwords, the user
// directory port and re-authentication for e-signatures.

export { ROLES, STAFF_ROLES, roleSchema, ALL_SITES, type Role } from './role';
export {
  principalSchema,
  principalFromClaims,
  hasSite,
  hasLine,
  scopedSites,
  LINE_SCOPE,
  DEFAULT_CLAIM_MAPPING,
  type Principal,
  type ClaimMapping,
} from './principal';
export {
  createJwtVerifier,
  type JwtVerifier,
  type JwtVerifierOptions,
  type JwtKeySource,
  type AuthResult,
  type AuthFailureCode,
} from './jwt-verifier';
export { issueDevToken, type DevTokenOptions } from './dev-token';
export { hashPassword, verifyPassword, DEFAULT_SCRYPT_COST, type ScryptCost } from './password-hash';
export type { UserDirectory, DirectoryUser } from './user-directory.port';
export { InMemoryUserDirectory } from './in-memory-user-directory.adapter';
export { reauthenticate, type ReauthProof, type ReauthResult } from './reauthenticate';
