import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@andon/bus';
import {
  ContentTypes,
  Decision,
  DecisionOutcome,
  EvidenceKind,
  HeaderNames,
  ProposedAction,
  ReauthMethod,
  RiskClass,
  SignatureMeaning,
  Topics,
  locationKey,
} from '@andon/contracts';
import { actionHash, type ActionForHash } from '@andon/governance/canonical';
import { signDecision, type DecisionForSigning, type SigningKeyPair } from '@andon/governance/policy';

export interface HoldAction {
  actionId: string;
  lotId: string;
  site: string;
  line: string;
  reason: string;
  expiresAt: Date;
  correlationId: string;
}

export function holdAction(lotId: string, site: string, line: string): HoldAction {
  return {
    actionId: `act-${randomUUID()}`,
    lotId,
    site,
    line,
    reason: 'two bores out of spec (NCR-88)',
    expiresAt: new Date(Date.now() + 8 * 3_600_000),
    correlationId: `corr-${randomUUID()}`,
  };
}

const GENERATION = {
  promptId: 'quality.containment',
  promptVersion: '3',
  promptHash: 'cd'.repeat(32),
  model: 'qwen2.5-7b',
  provider: 'ollama',
};

/** The ProposedAction the quality agent would publish (transaction_execution: two signatures needed). */
export function proposal(a: HoldAction): ProposedAction {
  return ProposedAction.fromPartial({
    actionId: a.actionId,
    actionType: 'mes.hold_lot',
    riskClass: RiskClass.TRANSACTION_EXECUTION,
    location: { enterprise: 'acme', site: a.site, area: 'molding', line: a.line, cell: '' },
    product: 'PX-100',
    proposedBy: 'quality-agent',
    proposedAt: new Date(Date.now() - 60_000),
    expiresAt: a.expiresAt,
    mesCall: {
      method: 'POST',
      path: `/lots/${a.lotId}/hold`,
      payloadJson: JSON.stringify({ reason: a.reason }),
    },
    title: `Hold lot ${a.lotId}`,
    rationale: 'Two out-of-spec bore diameters [1].',
    evidence: [{ kind: EvidenceKind.EVENT, id: 'evt-bore-1' }],
    confidence: 0.8,
    generation: GENERATION,
    correlationId: a.correlationId,
    causationId: 'evt-bore-1',
  });
}

/** Exactly the fields the approval service binds (governance ActionForHash), spelled out independently. */
function bound(a: HoldAction): ActionForHash {
  return {
    actionId: a.actionId,
    action: {
      type: 'mes.hold_lot',
      mesCall: {
        method: 'POST',
        path: `/lots/${a.lotId}/hold`,
        payloadJson: JSON.stringify({ reason: a.reason }),
      },
    },
    evidence: [{ kind: 'event', id: 'evt-bore-1', revision: '', chunk: '' }],
    generation: GENERATION,
    location: { enterprise: 'acme', site: a.site, area: 'molding', line: a.line, cell: '' },
    riskClass: 'transaction_execution',
    expiresAt: a.expiresAt.toISOString(),
  };
}

/**
 * What the approval service publishes once a quality engineer and a production supervisor
 * have both signed (meaning, reason, re-authentication): an Ed25519-signed Decision over
 * the action hash.
 */
export function approvedDecision(a: HoldAction, key: SigningKeyPair): Decision {
  const decidedAt = new Date();
  const t = (minus: number) => new Date(decidedAt.getTime() - minus).toISOString();
  const signed: DecisionForSigning = {
    decisionId: `dec-${randomUUID()}`,
    actionId: a.actionId,
    actionHash: actionHash(bound(a)),
    outcome: 'approved',
    policy: { id: 'hold-lot', version: 'v1' },
    approverSignatures: [
      {
        userId: 'u-qe-1',
        printedName: 'Dana Quality',
        role: 'quality_engineer',
        meaning: 'APPROVAL',
        approved: true,
        reason: 'bores confirmed',
        signedAt: t(60_000),
        reauthenticatedAt: t(90_000),
        reauthMethod: 'password',
      },
      {
        userId: 'u-ps-1',
        printedName: 'Sam Supervisor',
        role: 'production_supervisor',
        meaning: 'RESPONSIBILITY',
        approved: true,
        reason: 'line informed',
        signedAt: t(0),
        reauthenticatedAt: t(20_000),
        reauthMethod: 'password',
      },
    ],
    decidedAt: decidedAt.toISOString(),
    expiresAt: a.expiresAt.toISOString(),
  };
  const signature = signDecision(signed, key.privateKey);
  return Decision.fromPartial({
    decisionId: signed.decisionId,
    actionId: signed.actionId,
    actionHash: signed.actionHash,
    outcome: DecisionOutcome.APPROVED,
    policyId: signed.policy.id,
    policyVersion: signed.policy.version,
    signatures: signed.approverSignatures.map((s) => ({
      userId: s.userId,
      printedName: s.printedName,
      role: s.role,
      meaning: s.meaning === 'APPROVAL' ? SignatureMeaning.APPROVAL : SignatureMeaning.RESPONSIBILITY,
      reason: s.reason,
      signedAt: new Date(s.signedAt),
      reauthenticatedAt: s.reauthenticatedAt ? new Date(s.reauthenticatedAt) : undefined,
      reauthMethod: ReauthMethod.PASSWORD,
      approved: s.approved,
    })),
    decidedAt,
    expiresAt: a.expiresAt,
    serviceSignature: signature.signature,
    keyId: signature.keyId,
    signatureAlgorithm: signature.algorithm,
    location: { enterprise: 'acme', site: a.site, area: 'molding', line: a.line, cell: '' },
    correlationId: a.correlationId,
  });
}

/** As the agents and the approval service publish them: site/line key, event and correlation ids. */
export function proposalMessage(action: ProposedAction): OutgoingMessage {
  return {
    topic: Topics.ActionsProposed,
    key: locationKey(action.location),
    value: ProposedAction.encode(action).finish(),
    headers: {
      [HeaderNames.EventId]: `prop-${randomUUID()}`,
      [HeaderNames.CorrelationId]: action.correlationId,
      [HeaderNames.ContentType]: ContentTypes.Protobuf,
    },
  };
}

export function decisionMessage(decision: Decision): OutgoingMessage {
  return {
    topic: Topics.ActionsDecided,
    key: locationKey(decision.location),
    value: Decision.encode(decision).finish(),
    headers: {
      [HeaderNames.EventId]: decision.decisionId,
      [HeaderNames.CorrelationId]: decision.correlationId,
      [HeaderNames.ContentType]: ContentTypes.Protobuf,
    },
  };
}
