import {
  MaterialState,
  NonconformanceStatus,
  RecommendationKind,
  RiskClass,
  type ProposedAction,
} from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  material,
  ncr,
  startProductionAgent,
  workOrder,
  type RunningProductionAgent,
} from '../test-support/production-fixtures';

const payloadOf = (a: ProposedAction | undefined) =>
  JSON.parse(a?.mesCall?.payloadJson ?? '{}') as Record<string, unknown>;

describe('schedule risk from MES progress and ERP shortages', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningProductionAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startProductionAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it('proposes a schedule notice with scenarios for the order a shortage threatens, once per material and window', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      workOrder('wo-1', 0, { workOrderId: 'WO-88121', planned: 10_000, completed: 4_000, dueMinutes: 180 }),
      material('m-1', 10, {
        materialId: 'RESIN-PX',
        supplier: 'ResinWorks GmbH',
        quantity: 12,
        workOrderId: 'WO-88121',
      }),
      material('m-2', 20, {
        materialId: 'RESIN-PX',
        supplier: 'ResinWorks GmbH',
        quantity: 8,
        workOrderId: 'WO-88121',
      }),
      material('m-3', 25, { materialId: 'RESIN-PX', state: MaterialState.AVAILABLE, quantity: 500 }),
      // no work order named and none active on line-2: the line's next hours are at risk
      material('m-4', 30, { materialId: 'PIGMENT-7', quantity: 0 }, { line: 'line-2' }),
    ]);
    await waitFor(() => agent.recorder.recommendations.length === 2 && agent.recorder.actions.length === 2, {
      timeoutMs: 10_000,
      description: 'two notices',
    });
    // Different lines are different partitions: no order between them.
    const first = agent.recorder.actions.find((a) => a.causationId === 'm-1');
    const second = agent.recorder.actions.find((a) => a.causationId === 'm-4');
    expect(first).toMatchObject({
      actionType: 'mes.publish_schedule_scenario',
      riskClass: RiskClass.DECISION_SUPPORT,
      causationId: 'm-1',
      product: 'PX-100',
      mesCall: { method: 'POST', path: '/schedule-notices' },
    });
    // 6 000 left at 60/min x 60 x 0.85 = 3 060/h needs 2 h of the 2.8 h left; the shortage has no expected date: high.
    expect(payloadOf(first)).toMatchObject({
      actionId: first?.actionId,
      site: 'plant-a',
      line: 'line-1',
      orderId: 'WO-88121',
      material: 'RESIN-PX',
      riskLevel: 'high',
    });
    expect((payloadOf(first)['scenarios'] as Array<{ name: string }>).map((s) => s.name)).toEqual([
      'as planned',
      'expedite material',
    ]);
    expect(first?.evidence.map((e) => e.id)).toEqual(['m-1', 'wo-1']);
    expect(first?.rationale).toContain('Material RESIN-PX is short by 12');
    expect(payloadOf(second)).toMatchObject({
      line: 'line-2',
      orderId: 'line-2-next-8h',
      material: 'PIGMENT-7',
    });
    const rec = agent.recorder.recommendations.find((r) => r.correlationId === 'corr-m-1');
    expect(rec?.kind).toBe(RecommendationKind.SCHEDULE_RISK);
    expect(JSON.parse(rec?.dataJson ?? '{}')).toMatchObject({
      orderKnown: true,
      remainingQuantity: 6000,
      ratePerHour: 3060,
      availableHours: 2.8,
    });
    expect(first?.generation).toMatchObject({
      promptId: 'schedule-risk@deterministic',
      deterministicFallback: true,
    });
  });
  it('counts the NCRs still open on the line as quality holds: a closed one no longer holds, a re-reported one counts once', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      workOrder('wo-1', 0, { workOrderId: 'WO-88121', planned: 1_000, completed: 900, dueMinutes: 600 }),
      ncr('n-1', 1, 'NCR-1', 'LOT-1'),
      ncr('n-1b', 2, 'NCR-1', 'LOT-1', 'ResinWorks GmbH', NonconformanceStatus.OPEN),
      ncr('n-2', 3, 'NCR-2', 'LOT-2'),
      ncr('n-2c', 4, 'NCR-2', 'LOT-2', 'ResinWorks GmbH', NonconformanceStatus.CLOSED),
      ncr('n-3', 5, 'NCR-3', 'LOT-3'),
      ncr('n-3c', 6, 'NCR-3', 'LOT-3', 'ResinWorks GmbH', NonconformanceStatus.CONTAINED),
      material('m-1', 10, { materialId: 'RESIN-PX', quantity: 900, workOrderId: 'WO-88121' }),
    ]);
    await waitFor(() => agent.recorder.actions.length === 1, {
      timeoutMs: 10_000,
      description: 'one notice',
    });
    const action = agent.recorder.actions[0];
    // NCR-1 (raised twice) and NCR-3 (contained, not closed) still hold product; NCR-2 was closed.
    expect(action?.rationale).toContain('2 open quality holds affect the order');
  });
});
