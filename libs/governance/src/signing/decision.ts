import type { SignatureMeaning } from '../model/signature-meaning';
import { normalizeInstant } from '../model/iso-time';
import { canonicalize } from '../canonical/canonical-json';

export type DecisionOutcome = 'approved' | 'rejected' | 'auto_approved' | 'expired';

/**
 * One human e-signature as recorded in the decision (the ApproverSignature contract;
 * Part 11 §11.50: printed name, date and time, meaning).
 */
export interface ApproverSignature {
  userId: string;
  printedName: string;
  /** the capacity the user signed in */
  role: string;
  meaning: SignatureMeaning;
  /** false = the signer rejected */
  approved: boolean;
  reason: string;
  signedAt: string;
  /** when the signer last presented both identification components; null if not required */
  reauthenticatedAt: string | null;
  /** "password" | "totp" | "webauthn"; '' when there was no re-authentication */
  reauthMethod: string;
}

/** The fields a decision signature covers. */
export interface DecisionForSigning {
  decisionId: string;
  actionId: string;
  actionHash: string;
  outcome: DecisionOutcome;
  policy: { id: string; version: string };
  approverSignatures: ApproverSignature[];
  decidedAt: string;
  expiresAt: string;
}

export interface DecisionSignature {
  algorithm: 'Ed25519';
  keyId: string;
  /** base64url */
  signature: string;
}

/**
 * The exact bytes that are signed. A fixed prefix separates decision signatures from
 * anything else the same key might ever sign, so a signature cannot be replayed as a
 * different kind of statement.
 */
export function decisionSigningBytes(decision: DecisionForSigning): Buffer {
  const bound = {
    decisionId: decision.decisionId,
    actionId: decision.actionId,
    actionHash: decision.actionHash,
    outcome: decision.outcome,
    policy: { id: decision.policy.id, version: decision.policy.version },
    approverSignatures: decision.approverSignatures.map((s) => ({
      userId: s.userId,
      printedName: s.printedName,
      role: s.role,
      meaning: s.meaning,
      approved: s.approved,
      reason: s.reason,
      signedAt: normalizeInstant(s.signedAt, 'approverSignatures.signedAt'),
      reauthenticatedAt:
        s.reauthenticatedAt === null
          ? null
          : normalizeInstant(s.reauthenticatedAt, 'approverSignatures.reauthenticatedAt'),
      reauthMethod: s.reauthMethod,
    })),
    decidedAt: normalizeInstant(decision.decidedAt, 'decidedAt'),
    expiresAt: normalizeInstant(decision.expiresAt, 'expiresAt'),
  };
  return Buffer.from(`${DECISION_DOMAIN}\n${canonicalize(bound)}`, 'utf8');
}

export const DECISION_DOMAIN = 'andon.decision.v1';
