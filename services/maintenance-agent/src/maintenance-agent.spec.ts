import { MaterialState, PlantEvent, RecommendationKind, RiskClass } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import {
  alarm,
  partStock,
  reading,
  startMaintenanceAgent,
  workOrder,
  type RunningMaintenanceAgent,
} from './test-support/maintenance-fixtures';
import { deliveryOf } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';

describe('maintenance agent on the in-process bus and SQLite', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningMaintenanceAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startMaintenanceAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  // A bearing failure developing on a-l1-m2: temperature creeping up, then vibration alarms.
  const bearingFailure = (): PlantEvent[] => [
    workOrder('mwo-old', -3000, 'CM-101', 'a-l1-m2'),
    partStock('stock-1', -60, 'bearing-6204', 40, MaterialState.QUARANTINE),
    ...Array.from({ length: 20 }, (_, i) =>
      reading(`r-${i}`, -1200 + i * 30, 'a-l1-m2.temperature', 68 + (i % 2)),
    ),
    ...Array.from({ length: 4 }, (_, i) =>
      reading(`r-hot-${i}`, -60 + i * 15, 'a-l1-m2.temperature', 78 + i),
    ),
    alarm('a-1', 0, 'a-l1-m2'),
    alarm('a-2', 2, 'a-l1-m2'),
    alarm('a-other', 3, 'a-l1-m1', 'jam'),
    alarm('a-3', 4, 'a-l1-m2'),
    // same burst, same cool-down window: no second proposal
    alarm('a-4', 5, 'a-l1-m2'),
  ];

  it('proposes one corrective work order with probable causes, parts and a window when alarms burst on a machine', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, bearingFailure());
    await waitFor(() => agent.recorder.actions.length === 1 && agent.recorder.recommendations.length === 1, {
      timeoutMs: 10_000,
      description: 'the work-order proposal',
    });
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      alarm('s-1', 10, 'a-l1-m9'),
      alarm('s-2', 10, 'a-l1-m9'),
      alarm('s-3', 10, 'a-l1-m9'),
    ]);
    await waitFor(() => agent.recorder.actions.length === 2, {
      timeoutMs: 10_000,
      description: 'the sentinel burst',
    });

    const [action] = agent.recorder.actions;
    expect(action).toMatchObject({
      actionType: 'mes.create_work_order',
      riskClass: RiskClass.WORKFLOW_INITIATION,
      causationId: 'a-3',
      correlationId: 'corr-a-3',
      mesCall: { method: 'POST', path: '/maintenance-work-orders' },
    });
    const payload = JSON.parse(action?.mesCall?.payloadJson ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      actionId: action?.actionId,
      site: 'plant-a',
      line: 'line-1',
      machineId: 'a-l1-m2',
      type: 'corrective',
      priority: 'urgent',
      probableCauses: ['bearing wear (high)'],
      parts: [{ partNumber: 'bearing-6204', quantity: 1, onHand: 0 }],
      window: { start: '2025-03-03T06:04:00.000Z', end: '2025-03-04T06:04:00.000Z' },
    });
    expect(action?.rationale).toContain('work order CM-101');
    expect(action?.rationale).toContain(
      'a-l1-m2.temperature averaged 79.5 degC recently against 68.5 degC before',
    );
    expect(action?.recommendedSteps).toEqual(
      expect.arrayContaining([expect.stringContaining('Expedite spare part bearing-6204')]),
    );
    expect(action?.evidence.map((e) => e.id)).toEqual(['a-3', 'r-hot-3', 'mwo-old', 'stock-1', 'a-1', 'a-2']);
    expect(action?.generation).toMatchObject({
      promptId: 'maintenance-proposal@deterministic',
      deterministicFallback: true,
      fallbackReason: 'llm-not-configured',
    });
    const [rec] = agent.recorder.recommendations;
    expect(rec).toMatchObject({
      kind: RecommendationKind.MAINTENANCE_PROPOSAL,
      relatedActionIds: [action?.actionId],
    });
    expect(JSON.parse(rec?.dataJson ?? '{}')).toMatchObject({
      partsStatus: 'short',
      priorWorkOrders: ['CM-101'],
    });
  });

  it('republishes the identical proposal when the burst-completing alarm is redelivered', async () => {
    const events = bearingFailure().slice(0, -1);
    for (const e of events)
      await agent.agent.deliver(
        PlantEvent.encode(e).finish(),
        deliveryOf(e, agent.topics.plantEvents, 'maintenance-agent'),
      );
    const last = events[events.length - 1] as PlantEvent;
    await agent.agent.deliver(
      PlantEvent.encode(last).finish(),
      deliveryOf(last, agent.topics.plantEvents, 'maintenance-agent', 2),
    );
    await waitFor(() => agent.recorder.actionBytes.length === 2, {
      timeoutMs: 10_000,
      description: 'two deliveries of one proposal',
    });
    expect(agent.recorder.actionBytes[0]?.equals(agent.recorder.actionBytes[1] ?? Buffer.alloc(0))).toBe(
      true,
    );
  });
});
