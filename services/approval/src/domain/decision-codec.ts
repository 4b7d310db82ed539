import {
  Decision,
  DecisionOutcome as ProtoOutcome,
  ReauthMethod,
  SignatureMeaning as ProtoMeaning,
  type ApproverSignature as ProtoSignature,
  type Location,
} from '@andon/contracts';
import type {
  ApproverSignature as SignedApprover,
  DecisionForSigning,
  DecisionOutcome,
  DecisionSignature,
} from '@andon/governance';
import type { ChosenMeaning, StoredSignature } from './action-record';

/*
 * The two directions between the andon.v1.Decision contract and the bytes governance
 * signs. `decisionForSigningFromProto` is what a verifier (mes-writeback, audit-ledger)
 * runs on a received Decision; it is the exact inverse of `decisionProto` for every
 * field the signature covers. Meant to move into a lib with proposal-mapping.ts.
 */

const OUTCOMES: Readonly<Record<DecisionOutcome, ProtoOutcome>> = {
  approved: ProtoOutcome.APPROVED,
  rejected: ProtoOutcome.REJECTED,
  expired: ProtoOutcome.EXPIRED,
  auto_approved: ProtoOutcome.AUTO_APPROVED,
};

const MEANINGS: Readonly<Record<ChosenMeaning, ProtoMeaning>> = {
  APPROVAL: ProtoMeaning.APPROVAL,
  REVIEW: ProtoMeaning.REVIEW,
  RESPONSIBILITY: ProtoMeaning.RESPONSIBILITY,
};

const REAUTH_METHODS: Readonly<Record<string, ReauthMethod>> = {
  password: ReauthMethod.PASSWORD,
  totp: ReauthMethod.TOTP,
  webauthn: ReauthMethod.WEBAUTHN,
};

export function toSignedApprover(s: StoredSignature): SignedApprover {
  return {
    userId: s.userId,
    printedName: s.name,
    role: s.role,
    meaning: s.meaning,
    approved: s.approved,
    reason: s.reason,
    signedAt: s.signedAt,
    reauthenticatedAt: s.reauthenticatedAt,
    reauthMethod: s.reauthMethod,
  };
}

export function toProtoSignature(s: StoredSignature): ProtoSignature {
  return {
    userId: s.userId,
    printedName: s.name,
    role: s.role,
    meaning: MEANINGS[s.meaning],
    reason: s.reason,
    signedAt: new Date(s.signedAt),
    reauthenticatedAt: new Date(s.reauthenticatedAt),
    reauthMethod: REAUTH_METHODS[s.reauthMethod] ?? ReauthMethod.UNSPECIFIED,
    approved: s.approved,
  };
}

export interface DecisionContext {
  location: Location;
  correlationId: string;
  signatures: readonly StoredSignature[];
}

export function decisionProto(
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
    signatures: context.signatures.map(toProtoSignature),
    decidedAt: new Date(signed.decidedAt),
    expiresAt: new Date(signed.expiresAt),
    serviceSignature: signature.signature,
    keyId: signature.keyId,
    signatureAlgorithm: signature.algorithm,
    location: context.location,
    correlationId: context.correlationId,
  });
}

const OUTCOME_NAMES = new Map<ProtoOutcome, DecisionOutcome>(
  (Object.entries(OUTCOMES) as Array<[DecisionOutcome, ProtoOutcome]>).map(([name, value]) => [value, name]),
);
const MEANING_NAMES = new Map<ProtoMeaning, ChosenMeaning>(
  (Object.entries(MEANINGS) as Array<[ChosenMeaning, ProtoMeaning]>).map(([name, value]) => [value, name]),
);
const REAUTH_METHOD_NAMES = new Map<ReauthMethod, string>(
  Object.entries(REAUTH_METHODS).map(([name, value]) => [value, name]),
);

/** Rebuilds the signed fields from a received Decision; throws on values no signer produces. */
export function decisionForSigningFromProto(decision: Decision): {
  signed: DecisionForSigning;
  signature: DecisionSignature;
} {
  const outcome = OUTCOME_NAMES.get(decision.outcome);
  if (!outcome)
    throw new Error(`decision ${decision.decisionId} has outcome ${decision.outcome}, which nothing signs`);
  if (!decision.decidedAt || !decision.expiresAt)
    throw new Error(`decision ${decision.decisionId} lacks decidedAt/expiresAt`);
  if (decision.signatureAlgorithm !== 'Ed25519')
    throw new Error(`decision ${decision.decisionId} uses algorithm "${decision.signatureAlgorithm}"`);
  const approverSignatures = decision.signatures.map((s): SignedApprover => {
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
