import {
  EvidenceKind,
  NonconformanceSeverity,
  NonconformanceStatus,
  PlantEvent,
  RecommendationKind,
  RiskClass,
  type ProposedAction,
} from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  failingCheck,
  genealogyLink,
  nonconformance,
  startQualityAgent,
  type RunningQualityAgent,
} from './test-support/quality-fixtures';

const payloadOf = (a: ProposedAction | undefined): Record<string, unknown> =>
  JSON.parse(a?.mesCall?.payloadJson ?? '{}') as Record<string, unknown>;
const fromEvent = (eventId: string) => (a: { causationId?: string; correlationId: string }) =>
  a.correlationId === `corr-${eventId}`;

describe('quality agent on the in-process bus and SQLite', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningQualityAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startQualityAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  const publish = (...events: Parameters<typeof publishPlantEvents>[2]) =>
    publishPlantEvents(adapters.bus, agent.topics.plantEvents, events);

  it('triages an NCR: investigation, a hold per lot reached through genealogy, and an NCR_TRIAGE recommendation with evidence', async () => {
    await publish(
      genealogyLink('gen-1', 'LOT-A1-00001', 'LOT-A1-00002', 1),
      genealogyLink('gen-2', 'LOT-A1-00002', 'LOT-A1-00003', 2),
      genealogyLink('gen-3', 'LOT-RAW-9', 'LOT-A1-00001', 3),
      genealogyLink('gen-4', 'LOT-RAW-9', 'LOT-A1-00077', 3),
      failingCheck('chk-1', 'LOT-A1-00001', 10.31, 4),
      nonconformance('ncr-old', { ncrId: 'NCR-A-1', lotIds: ['LOT-A1-00099'] }, 5),
      nonconformance('ncr-new', { ncrId: 'NCR-A-2', lotIds: ['LOT-A1-00001'] }, 30),
    );
    await waitFor(() => agent.recorder.recommendations.filter(fromEvent('ncr-new')).length === 1, {
      timeoutMs: 10_000,
      description: 'triage of NCR-A-2',
    });
    await waitFor(() => agent.recorder.actions.filter(fromEvent('ncr-new')).length === 4, {
      timeoutMs: 5_000,
      description: 'the four actions',
    });

    const actions = agent.recorder.actions.filter(fromEvent('ncr-new'));
    const [investigation] = actions.filter((a) => a.actionType === 'mes.start_investigation');
    const holds = actions.filter((a) => a.actionType === 'mes.hold_lot');
    expect(investigation).toMatchObject({
      riskClass: RiskClass.WORKFLOW_INITIATION,
      proposedBy: 'quality-agent',
      causationId: 'ncr-new',
      correlationId: 'corr-ncr-new',
      location: { site: 'plant-a', line: 'line-1' },
      mesCall: { method: 'POST', path: '/investigations' },
    });
    // A dimensional defect does not implicate the parent's other children (LOT-A1-00077).
    expect(payloadOf(investigation)).toMatchObject({
      actionId: investigation?.actionId,
      site: 'plant-a',
      line: 'line-1',
      ncrId: 'NCR-A-2',
      category: 'dimensional',
      severity: 'major',
      lotIds: ['LOT-A1-00001', 'LOT-A1-00002', 'LOT-A1-00003'],
    });
    expect(holds.map((h) => payloadOf(h)['lotId'])).toEqual(['LOT-A1-00001', 'LOT-A1-00002', 'LOT-A1-00003']);
    for (const hold of holds) {
      expect(hold.riskClass).toBe(RiskClass.TRANSACTION_EXECUTION);
      expect(hold.mesCall?.path).toBe(`/lots/${String(payloadOf(hold)['lotId'])}/hold`);
      expect(Object.keys(payloadOf(hold))).toEqual(['actionId', 'lotId', 'reason']);
      expect(payloadOf(hold)['actionId']).toBe(hold.actionId);
      expect(hold.expiresAt?.getTime()).toBeGreaterThan(hold.proposedAt?.getTime() ?? Infinity);
    }
    expect(holds[2]?.rationale).toContain('was made from lot LOT-A1-00002');

    const evidence = investigation?.evidence ?? [];
    expect(evidence[0]).toMatchObject({ kind: EvidenceKind.EVENT, id: 'ncr-new' });
    const ids = evidence.map((e) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining(['chk-1', 'gen-1', 'gen-2', 'NCR-A-1', 'supplier:ResinWorks GmbH']),
    );
    expect(ids).not.toContain('gen-4');

    expect(investigation?.generation).toMatchObject({
      promptId: 'ncr-triage@deterministic',
      model: 'deterministic',
      provider: 'deterministic',
      deterministicFallback: true,
      fallbackReason: 'llm-not-configured',
    });
    expect(investigation?.generation?.promptHash).toMatch(/^[0-9a-f]{64}$/);
    const [callId] = investigation?.generation?.llmCallIds ?? [];
    await waitFor(() => agent.recorder.llmCalls.find((c) => c.callId === callId), {
      timeoutMs: 5_000,
      description: 'the LLM call record',
    });
    expect(agent.recorder.llmCalls.find((c) => c.callId === callId)).toMatchObject({
      useCase: 'ncr-triage',
      site: 'plant-a',
      correlationId: 'corr-ncr-new',
    });

    const [rec] = agent.recorder.recommendations.filter(fromEvent('ncr-new'));
    expect(rec?.kind).toBe(RecommendationKind.NCR_TRIAGE);
    expect([...(rec?.relatedActionIds ?? [])].sort()).toEqual(actions.map((a) => a.actionId).sort());
    const data = JSON.parse(rec?.dataJson ?? '{}') as {
      similarNcrs: Array<{ ncrId: string }>;
      severity: string;
    };
    expect(data.similarNcrs.map((s) => s.ncrId)).toEqual(['NCR-A-1']);
    expect(rec?.bodyMarkdown).toContain('LOT-A1-00003 (descendant via LOT-A1-00002)');
  });

  it('holds the sibling lots of a material defect, and never proposes less severe than the QMS rated', async () => {
    await publish(
      genealogyLink('gen-1', 'LOT-RAW-9', 'LOT-A1-00001', 1),
      genealogyLink('gen-2', 'LOT-RAW-9', 'LOT-A1-00005', 2),
      nonconformance(
        'ncr-mat',
        {
          ncrId: 'NCR-A-3',
          lotIds: ['LOT-A1-00001'],
          category: 'material',
          severity: NonconformanceSeverity.CRITICAL,
          description: 'Porosity in molded parts',
          quantity: 2,
        },
        10,
      ),
    );
    await waitFor(() => agent.recorder.recommendations.length === 1, {
      timeoutMs: 10_000,
      description: 'triage',
    });
    await waitFor(() => agent.recorder.actions.length === 3, {
      timeoutMs: 5_000,
      description: 'investigation and two holds',
    });
    const holds = agent.recorder.actionsOfType('mes.hold_lot');
    expect(holds.map((h) => payloadOf(h)['lotId'])).toEqual(['LOT-A1-00001', 'LOT-A1-00005']);
    expect(String(payloadOf(holds[1])['reason'])).toContain('shares parent lot LOT-RAW-9');
    const [investigation] = agent.recorder.actionsOfType('mes.start_investigation');
    expect(payloadOf(investigation)).toMatchObject({ category: 'material', severity: 'critical' });
  });

  it('opens a deviation once, when failing checks on a lot reach the threshold', async () => {
    await publish(
      failingCheck('c1', 'LOT-A1-00010', 10.25, 1),
      failingCheck('c2', 'LOT-A1-00010', 10.0, 2, 1 /* PASS */),
      failingCheck('c3', 'LOT-A1-00010', 10.27, 3),
      failingCheck('c4', 'LOT-A1-00010', 10.33, 4),
      failingCheck('c5', 'LOT-A1-00010', 10.4, 5),
    );
    await waitFor(() => agent.recorder.recommendations.length === 1, {
      timeoutMs: 10_000,
      description: 'the deviation',
    });
    // c5 comes after the threshold: handled after c4 on the same partition, so this sentinel orders it.
    await publish(nonconformance('sentinel', { ncrId: 'NCR-S', lotIds: ['LOT-Z'] }, 9));
    await waitFor(() => agent.recorder.recommendations.length === 2, {
      timeoutMs: 10_000,
      description: 'the sentinel triage',
    });
    const [deviation] = agent.recorder.recommendations;
    expect(deviation?.correlationId).toBe('corr-c4');
    expect(JSON.parse(deviation?.dataJson ?? '{}')).toMatchObject({
      ncrId: 'DEV-LOT-A1-00010',
      origin: 'deviation',
      category: 'dimensional',
    });
    expect(deviation?.bodyMarkdown).toContain('reports 3 affected parts');
    expect(deviation?.bodyMarkdown).toContain('nominal of 10 with tolerance 0.2');
    expect(
      agent.recorder.actions
        .filter(fromEvent('c4'))
        .map((a) => a.actionType)
        .sort(),
    ).toEqual(['mes.hold_lot', 'mes.start_investigation']);
  });

  it('re-triages an NCR update only when its severity changes', async () => {
    await publish(
      nonconformance(
        'u1',
        { ncrId: 'NCR-A-9', lotIds: ['LOT-1'], severity: NonconformanceSeverity.MINOR },
        1,
      ),
      nonconformance(
        'u2',
        {
          ncrId: 'NCR-A-9',
          lotIds: ['LOT-1'],
          severity: NonconformanceSeverity.MINOR,
          description: 'updated text',
        },
        2,
      ),
      nonconformance(
        'u3',
        { ncrId: 'NCR-A-9', lotIds: ['LOT-1'], severity: NonconformanceSeverity.CRITICAL },
        3,
      ),
    );
    await waitFor(() => agent.recorder.recommendations.length === 2, {
      timeoutMs: 10_000,
      description: 'two triages',
    });
    await publish(nonconformance('sentinel', { ncrId: 'NCR-S', lotIds: ['LOT-Z'] }, 9));
    await waitFor(() => agent.recorder.recommendations.length === 3, {
      timeoutMs: 10_000,
      description: 'the sentinel triage',
    });
    expect(agent.recorder.recommendations.map((r) => r.correlationId)).toEqual([
      'corr-u1',
      'corr-u3',
      'corr-sentinel',
    ]);
  });

  it('triages an NCR raised OPEN, and never a CONTAINED or CLOSED update, even at a new severity or for an NCR it never saw', async () => {
    await publish(
      nonconformance('s1', { ncrId: 'NCR-A-10', lotIds: ['LOT-1'], status: NonconformanceStatus.OPEN }, 1),
      nonconformance(
        's2',
        {
          ncrId: 'NCR-A-10',
          lotIds: ['LOT-1'],
          severity: NonconformanceSeverity.CRITICAL,
          status: NonconformanceStatus.CONTAINED,
        },
        2,
      ),
      nonconformance(
        's3',
        {
          ncrId: 'NCR-A-10',
          lotIds: ['LOT-1'],
          severity: NonconformanceSeverity.CRITICAL,
          status: NonconformanceStatus.CLOSED,
        },
        3,
      ),
      nonconformance('s4', { ncrId: 'NCR-A-11', lotIds: ['LOT-2'], status: NonconformanceStatus.CLOSED }, 4),
    );
    await publish(nonconformance('sentinel', { ncrId: 'NCR-S', lotIds: ['LOT-Z'] }, 9));
    await waitFor(() => agent.recorder.recommendations.some(fromEvent('sentinel')), {
      timeoutMs: 10_000,
      description: 'the sentinel triage',
    });
    expect(agent.recorder.recommendations.map((r) => r.correlationId)).toEqual(['corr-s1', 'corr-sentinel']);
    expect(
      agent.recorder.actions.filter((a) => ['corr-s2', 'corr-s3', 'corr-s4'].includes(a.correlationId)),
    ).toEqual([]);
  });

  it('dead-letters an event it cannot decode or that has no site', async () => {
    await adapters.bus.publish([
      {
        topic: agent.topics.plantEvents,
        key: 'plant-a/line-1',
        value: Buffer.from([0xff, 0x01, 0x02]),
        headers: { 'andon-event-id': 'garbage' },
      },
    ]);
    const noSite = nonconformance('no-site', { ncrId: 'NCR-X', lotIds: ['L'] }, 1);
    if (noSite.envelope?.location) noSite.envelope.location.site = '';
    await adapters.bus.publish([
      {
        topic: agent.topics.plantEvents,
        key: 'x/line-1',
        value: PlantEvent.encode(noSite).finish(),
        headers: { 'andon-event-id': 'no-site' },
      },
    ]);
    await waitFor(() => agent.recorder.deadLetters.length === 2, {
      timeoutMs: 10_000,
      description: 'two dead letters',
    });
    expect(agent.recorder.deadLetters.map((d) => d.headers['andon-dlq-reason']).sort()).toEqual([
      'decode_failed',
      'schema_invalid',
    ]);
    expect(agent.recorder.actions).toHaveLength(0);
  });
});
