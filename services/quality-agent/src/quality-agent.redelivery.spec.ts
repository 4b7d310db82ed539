import { PlantEvent } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import { deliveryOf } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  genealogyLink,
  nonconformance,
  startQualityAgent,
  startQualityAgentApp,
  type RunningQualityAgent,
} from './test-support/quality-fixtures';

describe('quality agent redelivery', () => {
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

  const ncr = nonconformance('ncr-1', { ncrId: 'NCR-A-1', lotIds: ['LOT-A1-00001'] }, 10);
  const bytes = () => PlantEvent.encode(ncr).finish();
  const outputsOf = (eventId: string) => agent.recorder.actions.filter((a) => a.causationId === eventId);

  it('proposes once when the bus redelivers an event it already handled', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      genealogyLink('g1', 'LOT-A1-00001', 'LOT-A1-00002', 1),
      ncr,
      ncr,
    ]);
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      ncr,
      nonconformance('sentinel', { ncrId: 'NCR-S', lotIds: ['LOT-Z'] }, 20),
    ]);
    await waitFor(() => agent.recorder.recommendations.some((r) => r.correlationId === 'corr-sentinel'), {
      timeoutMs: 10_000,
      description: 'the sentinel',
    });
    await waitFor(() => agent.recorder.actions.length === 5, {
      timeoutMs: 5_000,
      description: 'all actions',
    });
    expect(
      outputsOf('ncr-1')
        .map((a) => a.actionType)
        .sort(),
    ).toEqual(['mes.hold_lot', 'mes.hold_lot', 'mes.start_investigation']);
    expect(agent.recorder.recommendations.filter((r) => r.correlationId === 'corr-ncr-1')).toHaveLength(1);
  });

  it('republishes the identical bytes when an event comes back past the dedupe (crash before commit, restart, rebalance race)', async () => {
    const first = agent.agent;
    await first.deliver(bytes(), deliveryOf(ncr, agent.topics.plantEvents, 'quality-agent'));
    await first.deliver(bytes(), deliveryOf(ncr, agent.topics.plantEvents, 'quality-agent', 2));

    // A restarted process: a new module on the same SQLite file (not consuming: the test hands it the records).
    const store = adapters.reopenStore();
    const restarted = await startQualityAgentApp(adapters, { store, topics: agent.topics, consume: false });
    await restarted.deliver(bytes(), deliveryOf(ncr, agent.topics.plantEvents, 'quality-agent', 3));
    // Two members handling a new record at once during a rebalance: both generate, one outbox entry wins.
    const ncr2 = nonconformance('ncr-2', { ncrId: 'NCR-A-2', lotIds: ['LOT-A1-00009'] }, 11);
    const bytes2 = PlantEvent.encode(ncr2).finish();
    await Promise.all([
      restarted.deliver(bytes2, deliveryOf(ncr2, agent.topics.plantEvents, 'quality-agent')),
      first.deliver(bytes2, deliveryOf(ncr2, agent.topics.plantEvents, 'quality-agent')),
    ]);
    await restarted.close();
    await store.close();

    await waitFor(() => agent.recorder.actionBytes.length === 10, {
      timeoutMs: 5_000,
      description: 'three deliveries of two actions, two of two more',
    });
    const ids = agent.recorder.actions.map((a) => a.actionId);
    expect(new Set(ids).size).toBe(4);
    for (const id of new Set(ids)) {
      const copies = agent.recorder.actions
        .map((a, i) => ({ a, i }))
        .filter(({ a }) => a.actionId === id)
        .map(({ i }) => agent.recorder.actionBytes[i] ?? Buffer.alloc(0));
      expect(copies).toHaveLength(id === ids[0] || outputsOf('ncr-1').some((a) => a.actionId === id) ? 3 : 2);
      for (const copy of copies) expect(copy.equals(copies[0] ?? Buffer.alloc(1))).toBe(true);
    }
    // Replays come from the outbox: each event's actions carry one generation, whoever published them.
    expect(new Set(outputsOf('ncr-1').flatMap((a) => a.generation?.llmCallIds ?? [])).size).toBe(1);
    expect(new Set(outputsOf('ncr-2').flatMap((a) => a.generation?.llmCallIds ?? [])).size).toBe(1);
  });
});
