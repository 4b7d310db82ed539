import { EvidenceKind, RiskClass as ProtoRiskClass, type ProposedAction } from '@andon/contracts';
import type { ActionForHash, RiskClass } from '@andon/governance';

/*
 * ProposedAction -> the fields a decision signature binds. This must produce exactly what
 * the approval service hashes (services/approval/src/domain/proposal-mapping.ts); services
 * cannot import each other, so it is repeated here until it moves into a lib
 * (docs/adr/0011-writeback-and-ledger.md). The spine proof test catches any drift: a
 * different mapping makes every genuine decision a HASH_MISMATCH.
 */

const RISK_CLASS_NAMES: Readonly<Partial<Record<ProtoRiskClass, RiskClass>>> = {
  [ProtoRiskClass.INFORMATIONAL]: 'informational',
  [ProtoRiskClass.DECISION_SUPPORT]: 'decision_support',
  [ProtoRiskClass.WORKFLOW_INITIATION]: 'workflow_initiation',
  [ProtoRiskClass.TRANSACTION_EXECUTION]: 'transaction_execution',
};

const EVIDENCE_KIND_NAMES: Readonly<Partial<Record<EvidenceKind, string>>> = {
  [EvidenceKind.EVENT]: 'event',
  [EvidenceKind.RECORD]: 'record',
  [EvidenceKind.DOCUMENT]: 'document',
};

export function riskClassName(value: ProtoRiskClass): RiskClass | null {
  return RISK_CLASS_NAMES[value] ?? null;
}

/** Throws when the action lacks what a signer binds (risk class, expiry). */
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
      mesCall: { method: action.mesCall?.method ?? '', path: action.mesCall?.path ?? '', payloadJson: action.mesCall?.payloadJson ?? '' },
    },
    evidence: action.evidence.map((ref) => ({
      kind: EVIDENCE_KIND_NAMES[ref.kind] ?? 'unspecified',
      id: ref.id,
      revision: ref.revision,
      chunk: ref.chunk,
    })),
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
