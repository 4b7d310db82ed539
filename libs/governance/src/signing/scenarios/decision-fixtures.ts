import type { ActionForHash } from '../../canonical/action-hash';
import { actionHash } from '../../canonical/action-hash';
import type { DecisionForSigning } from '../decision';

/** A realistic approved lot hold, shared by the signing scenarios. */
export function holdLotAction(): ActionForHash {
  return {
    actionId: 'act-7f3a',
    action: { type: 'mes.hold_lot', mesPayload: { lotId: 'LOT-2291', reason: 'fill weight drift', holdCode: 'QH-01' } },
    evidence: [{ sourceId: 'historian:fill-weight:line-3', revision: '' }],
    generation: { promptId: 'quality.containment', promptVersion: '2', promptHash: 'e3'.repeat(32), model: 'qwen2.5-14b', provider: 'vllm' },
    location: { enterprise: 'acme', site: 'plant-b', area: 'filling', line: 'line-3', cell: '' },
    riskClass: 'transaction_execution',
    expiresAt: '2025-06-02T18:00:00.000Z',
  };
}

export function approvedDecision(action: ActionForHash = holdLotAction()): DecisionForSigning {
  return {
    decisionId: 'dec-19c2',
    actionId: action.actionId,
    actionHash: actionHash(action),
    outcome: 'approved',
    policy: { id: 'hold-lot', version: 'v1' },
    approverSignatures: [
      { userId: 'u-qe-1', name: 'Dana Quality', meaning: 'APPROVAL', reason: 'drift confirmed on SPC chart', signedAt: '2025-06-02T10:05:00.000Z', reauthenticatedAt: '2025-06-02T10:04:30.000Z' },
      { userId: 'u-ps-1', name: 'Sam Supervisor', meaning: 'RESPONSIBILITY', reason: 'line 3 stopped for hold', signedAt: '2025-06-02T10:12:00.000Z', reauthenticatedAt: '2025-06-02T10:11:40.000Z' },
    ],
    decidedAt: '2025-06-02T10:12:00.000Z',
    expiresAt: '2025-06-02T18:00:00.000Z',
  };
}

export const BEFORE_EXPIRY = new Date('2025-06-02T11:00:00.000Z');
