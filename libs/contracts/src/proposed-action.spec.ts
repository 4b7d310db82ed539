import { EvidenceKind, ProposedAction, RiskClass, riskClassToJSON } from './index';

function holdLotAction(): ProposedAction {
  return ProposedAction.fromPartial({
    actionId: 'act-42',
    actionType: 'mes.hold_lot',
    riskClass: RiskClass.TRANSACTION_EXECUTION,
    location: { enterprise: 'acme', site: 'plant-a', line: 'line-2' },
    product: 'P-100',
    proposedBy: 'quality-agent',
    proposedAt: new Date('2025-03-04T06:00:00.000Z'),
    expiresAt: new Date('2025-03-04T14:00:00.000Z'),
    mesCall: {
      method: 'POST',
      path: '/lots/LOT-5/hold',
      // Key order and number formatting must survive exactly: the approver signs these bytes.
      payloadJson: '{"reason":"NCR-88","quantity":1.50,"b":1,"a":2}',
    },
    title: 'Hold lot LOT-5',
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
      },
    ],
    confidence: 0.82,
    generation: {
      promptId: 'ncr_triage',
      promptVersion: '3',
      promptHash: 'ab'.repeat(32),
      model: 'qwen2.5-7b',
      provider: 'ollama',
      deterministicFallback: true,
      fallbackReason: 'ungrounded_claim',
    },
    correlationId: 'corr-1',
    causationId: 'evt-0001',
  });
}

describe('ProposedAction', () => {
  it('round-trips through protobuf binary', () => {
    const action = holdLotAction();
    const decoded = ProposedAction.decode(ProposedAction.encode(action).finish());
    expect(decoded).toEqual(action);
    expect(decoded.mesCall?.payloadJson).toBe('{"reason":"NCR-88","quantity":1.50,"b":1,"a":2}');
    expect(decoded.evidence[1]?.revision).toBe('C');
    expect(decoded.generation?.deterministicFallback).toBe(true);
  });

  it('round-trips through proto JSON with enum names and RFC 3339 timestamps', () => {
    const action = holdLotAction();
    const json = ProposedAction.toJSON(action) as Record<string, unknown>;
    expect(json['riskClass']).toBe('RISK_CLASS_TRANSACTION_EXECUTION');
    expect(json['expiresAt']).toBe('2025-03-04T14:00:00.000Z');
    expect(ProposedAction.fromJSON(JSON.parse(JSON.stringify(json)))).toEqual(action);
  });

  it('names risk classes as the approval policy spells them', () => {
    expect(riskClassToJSON(RiskClass.INFORMATIONAL)).toBe('RISK_CLASS_INFORMATIONAL');
    expect(riskClassToJSON(RiskClass.DECISION_SUPPORT)).toBe('RISK_CLASS_DECISION_SUPPORT');
    expect(riskClassToJSON(RiskClass.WORKFLOW_INITIATION)).toBe('RISK_CLASS_WORKFLOW_INITIATION');
  });
});
