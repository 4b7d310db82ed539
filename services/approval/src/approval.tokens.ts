/** Nest injection token of the ApprovalCore instance. */
export const APPROVAL_CORE = Symbol('APPROVAL_CORE');
/** The module's config (ApprovalModuleConfig) for the providers that read it. */
export const APPROVAL_SETTINGS = Symbol('APPROVAL_SETTINGS');
