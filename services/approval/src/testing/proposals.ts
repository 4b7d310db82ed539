import { randomUUID } from 'node:crypto';
import { EvidenceKind, ProposedAction, RiskClass } from '@andon/contracts';

/** Test proposals for the seed policies (policies/v1); `now` is the harness clock. */
export type ProposalKind =
  'hold_lot' | 'post_shift_log' | 'publish_report' | 'start_investigation' | 'unknown_type';

const KINDS: Record<ProposalKind, { actionType: string; riskClass: RiskClass; path: string; title: string }> =
  {
    hold_lot: {
      actionType: 'mes.hold_lot',
      riskClass: RiskClass.TRANSACTION_EXECUTION,
      path: '/lots/LOT-5/hold',
      title: 'Hold lot LOT-5',
    },
    post_shift_log: {
      actionType: 'mes.post_shift_log',
      riskClass: RiskClass.DECISION_SUPPORT,
      path: '/shift-log',
      title: 'Post shift handoff',
    },
    publish_report: {
      actionType: 'mes.publish_report',
      riskClass: RiskClass.INFORMATIONAL,
      path: '/reports',
      title: 'Publish OEE report',
    },
    start_investigation: {
      actionType: 'mes.start_investigation',
      riskClass: RiskClass.WORKFLOW_INITIATION,
      path: '/investigations',
      title: 'Open NCR investigation',
    },
    unknown_type: {
      actionType: 'mes.launch_rocket',
      riskClass: RiskClass.WORKFLOW_INITIATION,
      path: '/rockets',
      title: 'Nothing covers this',
    },
  };

export interface ProposalOptions {
  site?: string;
  line?: string;
  proposedBy?: string;
  /** minutes from `now`; default 8 h */
  expiresInMinutes?: number;
  actionId?: string;
}

export function proposal(kind: ProposalKind, now: Date, options: ProposalOptions = {}): ProposedAction {
  const k = KINDS[kind];
  return ProposedAction.fromPartial({
    actionId: options.actionId ?? `act-${randomUUID()}`,
    actionType: k.actionType,
    riskClass: k.riskClass,
    location: {
      enterprise: 'acme',
      site: options.site ?? 'plant-a',
      area: 'assembly',
      line: options.line ?? 'line-2',
      cell: '',
    },
    product: 'P-100',
    proposedBy: options.proposedBy ?? 'quality-agent',
    proposedAt: new Date(now.getTime() - 60_000),
    expiresAt: new Date(now.getTime() + (options.expiresInMinutes ?? 480) * 60_000),
    mesCall: { method: 'POST', path: k.path, payloadJson: '{"reason":"NCR-88","quantity":1.50}' },
    title: k.title,
    rationale: 'Two out-of-spec bore diameters [1] on lot LOT-5 [2].',
    recommendedSteps: ['Quarantine LOT-5', 'Open investigation'],
    evidence: [
      { kind: EvidenceKind.EVENT, id: 'evt-0001' },
      {
        kind: EvidenceKind.DOCUMENT,
        id: 'SOP-12',
        revision: 'C',
        chunk: 'SOP-12#C#3',
        uri: 'dms://SOP-12/C',
        excerpt: 'Hold any lot with two bores out of spec.',
      },
    ],
    confidence: 0.82,
    generation: {
      promptId: 'ncr_triage',
      promptVersion: '3',
      promptHash: 'ab'.repeat(32),
      model: 'qwen2.5-7b',
      provider: 'ollama',
    },
    correlationId: `corr-${randomUUID()}`,
    causationId: 'evt-0001',
  });
}

export function encodeProposal(action: ProposedAction): Uint8Array {
  return ProposedAction.encode(action).finish();
}
