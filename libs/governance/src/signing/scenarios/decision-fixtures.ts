import type { ActionForHash } from '../../canonical/action-hash';
import { actionHash } from '../../canonical/action-hash';
import type { DecisionForSigning } from '../decision';

/** A realistic approved lot hold, shared by the signing scenarios. */
export function holdLotAction(): ActionForHash {
  return {
    actionId: 'act-7f3a',
    action: {
      type: 'mes.hold_lot',
      mesCall: {
        method: 'POST',
        path: '/lots/LOT-2291/hold',
        payloadJson: '{"reason":"fill weight drift","holdCode":"QH-01"}',
      },
    },
    evidence: [{ kind: 'event', id: 'evt-fill-weight-line3-1007', revision: '', chunk: '' }],
    generation: {
      promptId: 'quality.containment',
      promptVersion: '2',
      promptHash: 'e3'.repeat(32),
      model: 'qwen2.5-14b',
      provider: 'vllm',
    },
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
      {
        userId: 'u-qe-1',
        printedName: 'Dana Quality',
        role: 'quality_engineer',
        meaning: 'APPROVAL',
        approved: true,
        reason: 'drift confirmed on SPC chart',
        signedAt: '2025-06-02T10:05:00.000Z',
        reauthenticatedAt: '2025-06-02T10:04:30.000Z',
        reauthMethod: 'password',
      },
      {
        userId: 'u-ps-1',
        printedName: 'Sam Supervisor',
        role: 'production_supervisor',
        meaning: 'RESPONSIBILITY',
        approved: true,
        reason: 'line 3 stopped for hold',
        signedAt: '2025-06-02T10:12:00.000Z',
        reauthenticatedAt: '2025-06-02T10:11:40.000Z',
        reauthMethod: 'password',
      },
    ],
    decidedAt: '2025-06-02T10:12:00.000Z',
    expiresAt: '2025-06-02T18:00:00.000Z',
  };
}

export const BEFORE_EXPIRY = new Date('2025-06-02T11:00:00.000Z');
