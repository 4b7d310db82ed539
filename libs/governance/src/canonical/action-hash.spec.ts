import { must } from '../test-support/must';
import type { ActionForHash } from './action-hash';
import { actionHash } from './action-hash';

function holdLot(): ActionForHash {
  return {
    actionId: 'act-0001',
    action: {
      type: 'mes.hold_lot',
      mesCall: {
        method: 'POST',
        path: '/lots/LOT-42/hold',
        payloadJson: '{"reason":"seal torque out of spec","quantity":1200}',
      },
    },
    evidence: [
      { kind: 'document', id: 'sop-114', revision: '3', chunk: 'c-07' },
      { kind: 'event', id: 'evt-torque-line3-0912', revision: '', chunk: '' },
    ],
    generation: {
      promptId: 'quality.triage',
      promptVersion: '4',
      promptHash: 'ab'.repeat(32),
      model: 'qwen2.5-7b',
      provider: 'ollama',
    },
    location: { enterprise: 'acme', site: 'plant-b', area: 'packaging', line: 'line-3', cell: '' },
    riskClass: 'transaction_execution',
    expiresAt: '2025-03-01T16:00:00.000Z',
  };
}

describe('actionHash', () => {
  it('is a 64-char hex sha256 and stable for equal input', () => {
    expect(actionHash(holdLot())).toMatch(/^[0-9a-f]{64}$/);
    expect(actionHash(holdLot())).toBe(actionHash(holdLot()));
  });

  it('does not depend on key order anywhere in the input', () => {
    const a = holdLot();
    const reordered: ActionForHash = {
      expiresAt: a.expiresAt,
      riskClass: a.riskClass,
      location: { cell: '', line: 'line-3', area: 'packaging', site: 'plant-b', enterprise: 'acme' },
      generation: {
        provider: 'ollama',
        model: 'qwen2.5-7b',
        promptHash: 'ab'.repeat(32),
        promptVersion: '4',
        promptId: 'quality.triage',
      },
      evidence: a.evidence.map((e) => ({ chunk: e.chunk, revision: e.revision, id: e.id, kind: e.kind })),
      action: {
        mesCall: { payloadJson: a.action.mesCall.payloadJson, path: a.action.mesCall.path, method: 'POST' },
        type: 'mes.hold_lot',
      },
      actionId: a.actionId,
    };
    expect(actionHash(reordered)).toBe(actionHash(a));
  });

  it('treats two spellings of the same expiry instant as equal', () => {
    expect(actionHash({ ...holdLot(), expiresAt: '2025-03-01T17:00:00+01:00' })).toBe(actionHash(holdLot()));
  });

  it('ignores properties outside the bound field set', () => {
    const withExtra = { ...holdLot(), proposedBy: 'agent:quality' } as ActionForHash;
    expect(actionHash(withExtra)).toBe(actionHash(holdLot()));
  });

  const mutations: Array<[string, (a: ActionForHash) => void]> = [
    ['actionId', (a) => (a.actionId = 'act-0002')],
    ['action.type', (a) => (a.action.type = 'mes.release_lot')],
    ['MES method', (a) => (a.action.mesCall.method = 'PUT')],
    ['MES path', (a) => (a.action.mesCall.path = '/lots/LOT-43/hold')],
    [
      'MES body value',
      (a) => (a.action.mesCall.payloadJson = a.action.mesCall.payloadJson.replace('1200', '1201')),
    ],
    [
      'MES body bytes only',
      (a) => (a.action.mesCall.payloadJson = a.action.mesCall.payloadJson.replace(',', ', ')),
    ],
    [
      'MES body beyond double precision',
      (a) => (a.action.mesCall.payloadJson = '{"lot":12345678901234567891}'),
    ],
    ['evidence id', (a) => (must(a.evidence[0]).id = 'sop-115')],
    ['evidence kind', (a) => (must(a.evidence[0]).kind = 'record')],
    ['evidence revision', (a) => (must(a.evidence[0]).revision = '4')],
    ['evidence chunk', (a) => (must(a.evidence[0]).chunk = 'c-08')],
    ['evidence removed', (a) => a.evidence.pop()],
    ['evidence order', (a) => a.evidence.reverse()],
    ['promptId', (a) => (a.generation.promptId = 'quality.containment')],
    ['promptVersion', (a) => (a.generation.promptVersion = '5')],
    ['promptHash', (a) => (a.generation.promptHash = 'cd'.repeat(32))],
    ['model', (a) => (a.generation.model = 'llama3.1-8b')],
    ['provider', (a) => (a.generation.provider = 'vllm')],
    ['site', (a) => (a.location.site = 'plant-a')],
    ['line', (a) => (a.location.line = 'line-4')],
    ['cell', (a) => (a.location.cell = 'cell-1')],
    ['enterprise', (a) => (a.location.enterprise = 'other')],
    ['area', (a) => (a.location.area = 'filling')],
    ['riskClass', (a) => (a.riskClass = 'informational')],
    ['expiresAt', (a) => (a.expiresAt = '2025-03-01T16:00:00.001Z')],
  ];

  it('binds the MES body as bytes: numbers equal as doubles still differ', () => {
    const a = {
      ...holdLot(),
      action: {
        type: 'mes.hold_lot',
        mesCall: { method: 'POST', path: '/x', payloadJson: '{"lot":12345678901234567890}' },
      },
    };
    const b = {
      ...holdLot(),
      action: {
        type: 'mes.hold_lot',
        mesCall: { method: 'POST', path: '/x', payloadJson: '{"lot":12345678901234567891}' },
      },
    };
    expect(JSON.parse(a.action.mesCall.payloadJson)).toEqual(JSON.parse(b.action.mesCall.payloadJson));
    expect(actionHash(a)).not.toBe(actionHash(b));
  });

  it.each(mutations)('changes when %s changes', (_field, mutate) => {
    const changed = holdLot();
    mutate(changed);
    expect(actionHash(changed)).not.toBe(actionHash(holdLot()));
  });

  it('refuses an expiry that is not an ISO instant', () => {
    expect(() => actionHash({ ...holdLot(), expiresAt: 'tomorrow' })).toThrow(/expiresAt/);
  });
});
