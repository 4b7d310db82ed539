import {
  Decision,
  DecisionOutcome as ProtoOutcome,
  ReauthMethod,
  SignatureMeaning as ProtoMeaning,
  type ApproverSignature as ProtoSignature,
  type Location,
} from '@andon/contracts';
import type { SignatureMeaning } from '../model/signature-meaning';
import type {
  ApproverSignature,
  DecisionForSigning,
  DecisionOutcome,
  DecisionSignature,
} from '../signing/decision';

/*
 * The two directions between the andon.v1.Decision contract and the fields governance
 * signs. The approval service builds Decisions with `decisionToProto`; every verifier
 * (mes-writeback, audit-ledger) rebuilds the signed fields with
 * `decisionForSigningFromProto`, its exact inverse for every field the signature covers.
 */

const OUTCOMES: Readonly<Record<DecisionOutcome, ProtoOutcome>> = {
  approved: ProtoOutcome.APPROVED,
  rejected: ProtoOutcome.REJECTED,
  expired: ProtoOutcome.EXPIRED,
  auto_approved: ProtoOutcome.AUTO_APPROVED,
};

const MEANINGS: Readonly<Record<SignatureMeaning, ProtoMeaning>> = {
  APPROVAL: ProtoMeaning.APPROVAL,
  REVIEW: ProtoMeaning.REVIEW,
  RESPONSIBILITY: ProtoMeaning.RESPONSIBILITY,
};

const REAUTH_METHODS: Readonly<Record<string, ReauthMethod>> = {
  password: ReauthMethod.PASSWORD,
  totp: ReauthMethod.TOTP,
  webauthn: ReauthMethod.WEBAUTHN,
  'oidc-step-up': ReauthMethod.OIDC_STEP_UP,
};

const invert = <K extends string, V>(record: Readonly<Record<K, V>>): Map<V, K> =>
  new Map((Object.entries(record) as Array<[K, V]>).map(([name, value]) => [value, name]));
const OUTCOME_NAMES = invert(OUTCOMES);
const MEANING_NAMES = invert(MEANINGS);
const REAUTH_METHOD_NAMES = invert(REAUTH_METHODS);

export function approverSignatureToProto(s: ApproverSignature): ProtoSignature {
  return {
    userId: s.userId,
    printedName: s.printedName,
    role: s.role,
    meaning: MEANINGS[s.meaning],
    reason: s.reason,
    signedAt: new Date(s.signedAt),
    reauthenticatedAt: s.reauthenticatedAt ? new Date(s.reauthenticatedAt) : undefined,
    reauthMethod: REAUTH_METHODS[s.reauthMethod] ?? ReauthMethod.UNSPECIFIED,
    approved: s.approved,
  };
}

export interface DecisionContext {
  location: Location;
  correlationId: string;
}

/** The Decision contract for a signed decision; its signatures are the signed approver signatures. */
export function decisionToProto(
  signed: DecisionForSigning,
  signature: DecisionSignature,
  context: DecisionContext,
): Decision {
  return Decision.fromPartial({
    decisionId: signed.decisionId,
    actionId: signed.actionId,
    actionHash: signed.actionHash,
    outcome: OUTCOMES[signed.outcome],
    policyId: signed.policy.id,
    policyVersion: signed.policy.version,
    signatures: signed.approverSignatures.map(approverSignatureToProto),
    decidedAt: new Date(signed.decidedAt),
    expiresAt: new Date(signed.expiresAt),
    serviceSignature: signature.signature,
    keyId: signature.keyId,
    signatureAlgorithm: signature.algorithm,
    location: context.location,
    correlationId: context.correlationId,
  });
}

export interface SignedDecision {
  signed: DecisionForSigning;
  signature: DecisionSignature;
}

/** Rebuilds the signed fields from a received Decision; throws on values no signer produces. */
export function decisionForSigningFromProto(decision: Decision): SignedDecision {
  const outcome = OUTCOME_NAMES.get(decision.outcome);
  if (!outcome)
    throw new Error(`decision ${decision.decisionId} has outcome ${decision.outcome}, which nothing signs`);
  if (!decision.decidedAt || !decision.expiresAt)
    throw new Error(`decision ${decision.decisionId} lacks decidedAt/expiresAt`);
  if (decision.signatureAlgorithm !== 'Ed25519')
    throw new Error(`decision ${decision.decisionId} uses algorithm "${decision.signatureAlgorithm}"`);
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
