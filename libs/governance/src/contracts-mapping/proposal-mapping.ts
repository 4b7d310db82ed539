import {
  EvidenceKind,
  RiskClass as ProtoRiskClass,
  type EvidenceRef,
  type ProposedAction,
} from '@andon/contracts';
import type { ActionForHash } from '../canonical/action-hash';
import type { PolicyAction } from '../policy/policy-types';
import type { RiskClass } from '../model/risk-class';

/*
 * How a ProposedAction contract maps onto what governance hashes and evaluates. The
 * approval service hashes with it and the write-back adapter recomputes the same hash
 * from its own copy of the action, so there is exactly one copy of this mapping.
 */

const RISK_CLASS_NAMES: Readonly<Partial<Record<ProtoRiskClass, RiskClass>>> = {
  [ProtoRiskClass.INFORMATIONAL]: 'informational',
  [ProtoRiskClass.DECISION_SUPPORT]: 'decision_support',
  [ProtoRiskClass.WORKFLOW_INITIATION]: 'workflow_initiation',
  [ProtoRiskClass.TRANSACTION_EXECUTION]: 'transaction_execution',
};

const RISK_CLASS_ENUMS: Readonly<Record<RiskClass, ProtoRiskClass>> = {
  informational: ProtoRiskClass.INFORMATIONAL,
  decision_support: ProtoRiskClass.DECISION_SUPPORT,
  workflow_initiation: ProtoRiskClass.WORKFLOW_INITIATION,
  transaction_execution: ProtoRiskClass.TRANSACTION_EXECUTION,
};

/** null for UNSPECIFIED and values this version does not know. */
export function riskClassName(value: ProtoRiskClass): RiskClass | null {
  return RISK_CLASS_NAMES[value] ?? null;
}

export function riskClassEnum(name: RiskClass): ProtoRiskClass {
  return RISK_CLASS_ENUMS[name];
}

const EVIDENCE_KIND_NAMES: Readonly<Partial<Record<EvidenceKind, string>>> = {
  [EvidenceKind.EVENT]: 'event',
  [EvidenceKind.RECORD]: 'record',
  [EvidenceKind.DOCUMENT]: 'document',
};

export function evidenceKindName(kind: EvidenceKind): string {
  return EVIDENCE_KIND_NAMES[kind] ?? 'unspecified';
}

function evidenceForHash(ref: EvidenceRef): ActionForHash['evidence'][number] {
  return { kind: evidenceKindName(ref.kind), id: ref.id, revision: ref.revision, chunk: ref.chunk };
}

/** Requires a validated action (known risk class, timestamps present). */
export function actionForHash(action: ProposedAction): ActionForHash {
  const risk = riskClassName(action.riskClass);
  if (!risk) throw new Error(`action ${action.actionId} has no known risk class`);
  if (!action.expiresAt) throw new Error(`action ${action.actionId} has no expiresAt`);
  const g = action.generation;
  const loc = action.location;
  return {
    actionId: action.actionId,
    action: {
      type: action.actionType,
      mesCall: {
        method: action.mesCall?.method ?? '',
        path: action.mesCall?.path ?? '',
        payloadJson: action.mesCall?.payloadJson ?? '',
      },
    },
    evidence: action.evidence.map(evidenceForHash),
    generation: {
      promptId: g?.promptId ?? '',
      promptVersion: g?.promptVersion ?? '',
      promptHash: g?.promptHash ?? '',
      model: g?.model ?? '',
      provider: g?.provider ?? '',
    },
    location: {
      enterprise: loc?.enterprise ?? '',
      site: loc?.site ?? '',
      area: loc?.area ?? '',
      line: loc?.line ?? '',
      cell: loc?.cell ?? '',
    },
    riskClass: risk,
    expiresAt: action.expiresAt.toISOString(),
  };
}

export function policyActionOf(action: ProposedAction): PolicyAction {
  const risk = riskClassName(action.riskClass);
  if (!risk || !action.proposedAt || !action.expiresAt)
    throw new Error(`action ${action.actionId} is not validated`);
  return {
    actionId: action.actionId,
    actionType: action.actionType,
    riskClass: risk,
    site: action.location?.site ?? '',
    line: action.location?.line ?? '',
    product: action.product,
    proposedBy: action.proposedBy,
    proposedAt: action.proposedAt.toISOString(),
    expiresAt: action.expiresAt.toISOString(),
  };
}
