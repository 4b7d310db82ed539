/** Nest injection token of the ApprovalCore instance. */
export const APPROVAL_CORE = Symbol('APPROVAL_CORE');
