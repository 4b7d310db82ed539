import { DecisionOutcome as ProtoOutcome, ReauthMethod, SignatureMeaning as ProtoMeaning, type Decision } from '@andon/contracts';
import type { ApproverSignature, DecisionForSigning, DecisionOutcome, DecisionSignature, SignatureMeaning } from '@andon/governance';

/*
 * A received andon.v1.Decision -> the bytes governance verifies. The exact inverse of what
 * the approval service publishes (services/approval/src/domain/decision-codec.ts), repeated
 * here because services do not import each other (docs/adr/0011-writeback-and-ledger.md).
 */

const OUTCOME_NAMES: ReadonlyMap<ProtoOutcome, DecisionOutcome> = new Map([
  [ProtoOutcome.APPROVED, 'approved'],
  [ProtoOutcome.REJECTED, 'rejected'],
  [ProtoOutcome.EXPIRED, 'expired'],
  [ProtoOutcome.AUTO_APPROVED, 'auto_approved'],
]);

const MEANING_NAMES: ReadonlyMap<ProtoMeaning, SignatureMeaning> = new Map([
  [ProtoMeaning.APPROVAL, 'APPROVAL'],
  [ProtoMeaning.REVIEW, 'REVIEW'],
  [ProtoMeaning.RESPONSIBILITY, 'RESPONSIBILITY'],
]);

const REAUTH_METHOD_NAMES: ReadonlyMap<ReauthMethod, string> = new Map([
  [ReauthMethod.PASSWORD, 'password'],
  [ReauthMethod.TOTP, 'totp'],
  [ReauthMethod.WEBAUTHN, 'webauthn'],
]);

export interface SignedDecision {
  signed: DecisionForSigning;
  signature: DecisionSignature;
}

/** Throws on values no signer produces; the caller treats that as an unverifiable decision. */
export function decisionForSigningFromProto(decision: Decision): SignedDecision {
  const outcome = OUTCOME_NAMES.get(decision.outcome);
  if (!outcome) throw new Error(`decision ${decision.decisionId} has outcome ${decision.outcome}, which nothing signs`);
  if (!decision.decidedAt || !decision.expiresAt) throw new Error(`decision ${decision.decisionId} lacks decidedAt/expiresAt`);
  if (decision.signatureAlgorithm !== 'Ed25519') {
    throw new Error(`decision ${decision.decisionId} uses signature algorithm "${decision.signatureAlgorithm}"`);
  }
  const approverSignatures = decision.signatures.map((s): ApproverSignature => {
    const meaning = MEANING_NAMES.get(s.meaning);
    if (!meaning) throw new Error(`signature by ${s.userId} has meaning ${s.meaning}`);
    if (!s.signedAt) throw new Error(`signature by ${s.userId} lacks signedAt`);
    return {
      userId: s.userId,
      printedName: s.printedName,
      role: s.role,
      meaning,
      approved: s.approved,
      reason: s.reason,
      signedAt: s.signedAt.toISOString(),
      reauthenticatedAt: s.reauthenticatedAt ? s.reauthenticatedAt.toISOString() : null,
      reauthMethod: REAUTH_METHOD_NAMES.get(s.reauthMethod) ?? '',
    };
  });
  return {
    signed: {
      decisionId: decision.decisionId,
      actionId: decision.actionId,
      actionHash: decision.actionHash,
      outcome,
      policy: { id: decision.policyId, version: decision.policyVersion },
      approverSignatures,
      decidedAt: decision.decidedAt.toISOString(),
      expiresAt: decision.expiresAt.toISOString(),
    },
    signature: { algorithm: 'Ed25519', keyId: decision.keyId, signature: decision.serviceSignature },
  };
}
