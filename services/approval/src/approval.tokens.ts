/** The module's config (ApprovalModuleConfig) for the providers that read it. */
export const APPROVAL_SETTINGS = Symbol('APPROVAL_SETTINGS');
/** The loaded policy versions (LoadedPolicies) from POLICY_DIR. */
export const APPROVAL_POLICIES = Symbol('APPROVAL_POLICIES');
/** The service's Ed25519 signing key pair (SigningKeyPair). */
export const APPROVAL_SIGNING_KEY = Symbol('APPROVAL_SIGNING_KEY');
/** The user directory (UserDirectory) passwords are re-checked against. */
export const APPROVAL_USERS = Symbol('APPROVAL_USERS');
/** AuthService's options (AuthOptions), derived from the module's config. */
export const APPROVAL_AUTH_OPTIONS = Symbol('APPROVAL_AUTH_OPTIONS');
