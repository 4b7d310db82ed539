import type { Role } from '../auth/role';
import type { RiskClass } from '../model/risk-class';
import type { SignatureMeaning } from '../model/signature-meaning';

/** What a rule demands of human signers, with durations resolved to milliseconds. */
export interface RuleRequirements {
  approvers: number;
  roles: Role[];
  coverRoles: Role[];
  /** alternatives; defaults to [["APPROVAL"]] so someone always actually approves */
  signatureMeanings: SignatureMeaning[][];
  reasonRequired: boolean;
  /** null = re-authentication not required */
  reauthenticationMaxAgeMs: number | null;
}

export interface PolicyRule {
  id: string;
  description: string;
  match: { actionType: string; riskClass: RiskClass; site?: string; line?: string; product?: string };
  autoApprove: boolean;
  expiryMs: number;
  /** null exactly when autoApprove */
  require: RuleRequirements | null;
  /** file the rule came from, for messages */
  source: string;
  /** position across the set (files by name, then rule order); the last tie-breaker */
  ordinal: number;
}

export interface PolicySet {
  version: string;
  /** sha256 over the canonical rules: what the ledger records on activation */
  digest: string;
  rules: PolicyRule[];
}

/** The action as policy sees it; services map the ProposedAction contract onto this. */
export interface PolicyAction {
  actionId: string;
  actionType: string;
  riskClass: RiskClass;
  site: string;
  /** '' when the action is not tied to a line */
  line: string;
  /** '' when the action is not tied to a product */
  product: string;
  /** agent or user id that proposed it; it can never sign it */
  proposedBy: string;
  proposedAt: string;
  expiresAt: string;
}

/** One e-signature collected for an action (approval or rejection). */
export interface Approval {
  userId: string;
  /** the capacity the user signs in (ApproverSignature.role); must be one they hold */
  role: Role;
  /** the roles and sites the signer held when signing (from the verified token) */
  roles: Role[];
  sites: string[];
  /** the signer's line scope when signing; absent = every line of their sites */
  lines?: string[] | undefined;
  /** false = a rejection */
  approved: boolean;
  meaning: SignatureMeaning;
  reason: string;
  signedAt: string;
  /** from the re-authentication proof; null when the signer did not re-authenticate */
  reauthenticatedAt: string | null;
}

export type IneligibilityCode =
  | 'NO_MATCHING_RULE'
  | 'NO_SIGNATURE_NEEDED'
  | 'DECISION_FINAL'
  | 'EXPIRED'
  | 'PROPOSER_CANNOT_SIGN'
  | 'ALREADY_SIGNED'
  | 'ROLE_NOT_PERMITTED'
  | 'ROLE_NOT_HELD'
  | 'SITE_OUT_OF_SCOPE'
  | 'LINE_OUT_OF_SCOPE'
  | 'SIGNED_BEFORE_PROPOSAL'
  | 'SIGNED_AFTER_EXPIRY'
  | 'SIGNED_IN_FUTURE'
  | 'REAUTH_MISSING'
  | 'REAUTH_STALE'
  | 'REASON_MISSING';

export interface Ineligibility {
  code: IneligibilityCode;
  message: string;
}

export type DecisionState = 'pending' | 'approved' | 'rejected' | 'expired' | 'auto_approved';

export interface PolicyEvaluation {
  state: DecisionState;
  /** rule id and policy-set version that decided, null when no rule matched */
  policy: { id: string; version: string } | null;
  /** the earlier of the action's own expiry and proposal time + rule expiry */
  expiresAt: string | null;
  requirements: RuleRequirements | null;
  /** signatures that count, in signing order */
  counted: Approval[];
  ignored: Array<{ approval: Approval; reasons: Ineligibility[] }>;
  /** pending only: what is still missing, one line per need */
  needed: string[];
  /** why the state is what it is, for the console and the ledger */
  reasons: string[];
}
