import { randomUUID } from 'node:crypto';
import {
  Decision,
  DecisionOutcome as ProtoOutcome,
  EvidenceKind,
  ProposedAction,
  ReauthMethod,
  RiskClass,
  SignatureMeaning as ProtoMeaning,
} from '@andon/contracts';
import { actionHash, type ActionForHash } from '@andon/governance/canonical';
import {
  signDecision,
  type ApproverSignature,
  type DecisionForSigning,
  type DecisionOutcome,
  type SigningKeyPair,
} from '@andon/governance/policy';

/*
 * Test actions and decisions built the way the approval service builds them. The bound
 * fields are spelled out here independently of the governance lib's actionForHash, so a
 * drift in that mapping shows up as a refused genuine decision.
 */

export interface HoldSpec {
  actionId: string;
  lotId: string;
  site: string;
  line: string;
  reason: string;
  proposedAt: Date;
  expiresAt: Date;
  correlationId: string;
}

export function holdSpec(now: Date, overrides: Partial<HoldSpec> = {}): HoldSpec {
  return {
    actionId: `act-${randomUUID()}`,
    lotId: 'LOT-A1-00001',
    site: 'plant-a',
    line: 'line-1',
    reason: 'two bores out of spec (NCR-88)',
    proposedAt: new Date(now.getTime() - 60_000),
    expiresAt: new Date(now.getTime() + 8 * 3_600_000),
    correlationId: `corr-${randomUUID()}`,
    ...overrides,
  };
}

const GENERATION = {
  promptId: 'quality.containment',
  promptVersion: '3',
  promptHash: 'ab'.repeat(32),
  model: 'qwen2.5-7b',
  provider: 'ollama',
};

export function holdPayloadJson(spec: HoldSpec): string {
  return JSON.stringify({ reason: spec.reason, holdCode: 'QH-01' });
}

export function proposalOf(spec: HoldSpec, payloadJson = holdPayloadJson(spec)): ProposedAction {
  return ProposedAction.fromPartial({
    actionId: spec.actionId,
    actionType: 'mes.hold_lot',
    riskClass: RiskClass.TRANSACTION_EXECUTION,
    location: { enterprise: 'acme', site: spec.site, area: 'molding', line: spec.line, cell: '' },
    product: 'PX-100',
    proposedBy: 'quality-agent',
    proposedAt: spec.proposedAt,
    expiresAt: spec.expiresAt,
    mesCall: { method: 'POST', path: `/lots/${spec.lotId}/hold`, payloadJson },
    title: `Hold lot ${spec.lotId}`,
    rationale: 'Two out-of-spec bore diameters [1].',
    evidence: [
      { kind: EvidenceKind.EVENT, id: 'evt-0001', uri: 'mes://events/evt-0001', excerpt: 'bore 12.31 mm' },
    ],
    confidence: 0.82,
    generation: GENERATION,
    correlationId: spec.correlationId,
    causationId: 'evt-0001',
  });
}

/** What the approval service hashes for this action (governance ActionForHash). */
export function boundAction(spec: HoldSpec, payloadJson = holdPayloadJson(spec)): ActionForHash {
  return {
    actionId: spec.actionId,
    action: {
      type: 'mes.hold_lot',
      mesCall: { method: 'POST', path: `/lots/${spec.lotId}/hold`, payloadJson },
    },
    evidence: [{ kind: 'event', id: 'evt-0001', revision: '', chunk: '' }],
    generation: GENERATION,
    location: { enterprise: 'acme', site: spec.site, area: 'molding', line: spec.line, cell: '' },
    riskClass: 'transaction_execution',
    expiresAt: spec.expiresAt.toISOString(),
  };
}

export interface DecisionTerms {
  outcome?: DecisionOutcome;
  policyVersion?: string;
  decidedAt?: Date;
  expiresAt?: Date;
  decisionId?: string;
  /** the hash the decision binds; default: the spec's action */
  actionHash?: string;
}

const OUTCOMES: Record<DecisionOutcome, ProtoOutcome> = {
  approved: ProtoOutcome.APPROVED,
  rejected: ProtoOutcome.REJECTED,
  expired: ProtoOutcome.EXPIRED,
  auto_approved: ProtoOutcome.AUTO_APPROVED,
};

/** Two e-signatures (quality + production, re-authenticated), as the hold-lot policy requires. */
function signers(at: Date, approved: boolean): ApproverSignature[] {
  const t = (minus: number) => new Date(at.getTime() - minus).toISOString();
  return [
    {
      userId: 'u-qe-1',
      printedName: 'Dana Quality',
      role: 'quality_engineer',
      meaning: 'APPROVAL',
      approved,
      reason: 'bores confirmed out of spec',
      signedAt: t(120_000),
      reauthenticatedAt: t(150_000),
      reauthMethod: 'password',
    },
    {
      userId: 'u-ps-1',
      printedName: 'Sam Supervisor',
      role: 'production_supervisor',
      meaning: 'RESPONSIBILITY',
      approved,
      reason: 'line 1 informed',
      signedAt: t(0),
      reauthenticatedAt: t(30_000),
      reauthMethod: 'password',
    },
  ];
}

/** A Decision signed with `key` over the spec's action, encoded as the approval service publishes it. */
export function signedDecision(spec: HoldSpec, key: SigningKeyPair, terms: DecisionTerms = {}): Decision {
  const decidedAt = terms.decidedAt ?? new Date(spec.proposedAt.getTime() + 30_000);
  const outcome = terms.outcome ?? 'approved';
  const signed: DecisionForSigning = {
    decisionId: terms.decisionId ?? `dec-${randomUUID()}`,
    actionId: spec.actionId,
    actionHash: terms.actionHash ?? actionHash(boundAction(spec)),
    outcome,
    policy: { id: 'hold-lot', version: terms.policyVersion ?? 'v1' },
    approverSignatures: signers(decidedAt, outcome !== 'rejected'),
    decidedAt: decidedAt.toISOString(),
    expiresAt: (terms.expiresAt ?? spec.expiresAt).toISOString(),
  };
  const signature = signDecision(signed, key.privateKey);
  return Decision.fromPartial({
    decisionId: signed.decisionId,
    actionId: signed.actionId,
    actionHash: signed.actionHash,
    outcome: OUTCOMES[outcome],
    policyId: signed.policy.id,
    policyVersion: signed.policy.version,
    signatures: signed.approverSignatures.map((s) => ({
      userId: s.userId,
      printedName: s.printedName,
      role: s.role,
      meaning:
        s.meaning === 'APPROVAL'
          ? ProtoMeaning.APPROVAL
          : s.meaning === 'REVIEW'
            ? ProtoMeaning.REVIEW
            : ProtoMeaning.RESPONSIBILITY,
      reason: s.reason,
      signedAt: new Date(s.signedAt),
      reauthenticatedAt: s.reauthenticatedAt ? new Date(s.reauthenticatedAt) : undefined,
      reauthMethod: ReauthMethod.PASSWORD,
      approved: s.approved,
    })),
    decidedAt: new Date(signed.decidedAt),
    expiresAt: new Date(signed.expiresAt),
    serviceSignature: signature.signature,
    keyId: signature.keyId,
    signatureAlgorithm: signature.algorithm,
    location: { enterprise: 'acme', site: spec.site, area: 'molding', line: spec.line, cell: '' },
    correlationId: spec.correlationId,
  });
}

export const encodeProposal = (action: ProposedAction): Uint8Array => ProposedAction.encode(action).finish();
export const encodeDecision = (decision: Decision): Uint8Array => Decision.encode(decision).finish();
