import type { DecisionOutcome, RiskClass, SignatureMeaning } from '@andon/governance/policy';
import type { Role } from '@andon/governance/auth';

export type ActionStateName = 'pending' | 'approved' | 'rejected' | 'expired' | 'auto_approved';
export const ACTION_STATES: readonly ActionStateName[] = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'auto_approved',
];

/** The meaning a person attaches to a signature; approve or reject is recorded separately. */
export type ChosenMeaning = SignatureMeaning;

/** One e-signature as stored: who, as what, meaning, reason, when, and the re-authentication. */
export interface StoredSignature {
  userId: string;
  /** printed name at signing time (Part 11 §11.50(a)(1)) */
  name: string;
  /** the role the person signed under */
  role: Role;
  /** every role and site the person held when signing (from the verified token) */
  roles: Role[];
  sites: string[];
  /** the person's line scope when signing; absent = every line of their sites */
  lines?: string[];
  approved: boolean;
  meaning: ChosenMeaning;
  reason: string;
  signedAt: string;
  reauthenticatedAt: string;
  /** how the signer re-authenticated: a password against the local directory, or a fresh IdP sign-in (auth_time) */
  reauthMethod: 'password' | 'oidc-step-up';
  /** approval's MAC over this signature and the action hash, set when captured (record-seal.ts) */
  seal?: string;
}

/** The signed decision kept in the action document; `protoBase64` is what gets published. */
export interface StoredDecision {
  decisionId: string;
  outcome: DecisionOutcome;
  policy: { id: string; version: string };
  decidedAt: string;
  expiresAt: string;
  keyId: string;
  signature: string;
  algorithm: 'Ed25519';
  /** the encoded andon.v1.Decision, published byte for byte (also on republish) */
  protoBase64: string;
}

/** What mes-writeback reported for the decision (andon.actions.executed.v1). */
export interface ExecutionNote {
  executionId: string;
  decisionId: string;
  status: 'executed' | 'failed' | 'refused';
  detail: string;
  at: string;
}

export interface ShadowRecord {
  version: string;
  state: string;
  ruleId: string | null;
  /** empty when the shadow version agrees with the active one */
  differences: string[];
  evaluatedAt: string;
}

/**
 * One proposed action and everything decided about it, in one document so that a
 * state change, its signatures and the decision outbox move together in a single
 * conditional update (the store has no transactions).
 */
export interface ActionRecord {
  _id: string;
  version: number;
  site: string;
  line: string;
  actionType: string;
  riskClass: RiskClass;
  product: string;
  proposedBy: string;
  proposedAt: string;
  proposedAtMs: number;
  title: string;
  /** sha256 over the canonical action (libs/governance actionHash) */
  actionHash: string;
  /** the ProposedAction as proto JSON, exactly as received */
  proposal: Record<string, unknown>;
  /** approval's MAC over the intake fields (record-seal.ts); a record without a valid one is never signed */
  intakeSeal?: string;
  state: ActionStateName;
  /** active policy rule and version that govern (or decided) the action; null = no rule */
  policy: { id: string; version: string } | null;
  /** the expiry the proposer set (hashed); policy may shorten it */
  actionExpiresAt: string;
  /** effective deadline: the earlier of the action's expiry and the rule's */
  expiresAt: string;
  expiresAtMs: number;
  signatures: StoredSignature[];
  shadow: ShadowRecord | null;
  receivedAt: string;
  decision?: StoredDecision;
  /** outbox flag: present (false) once decided, true after the bus accepted the decision */
  published?: boolean;
  execution?: ExecutionNote;
  /** W3C traceparent of the intake hop (tracing on only); the decision message continues that trace. */
  traceParent?: string;
}
