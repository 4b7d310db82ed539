import { PlantEvent } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import {
  stepCompleted,
  startComplianceAgent,
  startComplianceAgentApp,
  type RunningComplianceAgent,
} from './test-support/compliance-fixtures';
import { deliveryOf } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';

describe('compliance agent redelivery', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningComplianceAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startComplianceAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  const skip = stepCompleted('s4', { stepNumber: 4 }, 1);

  it('flags once when the bus redelivers an event it already handled', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      stepCompleted('s1', { stepNumber: 1 }, 0),
      skip,
      skip,
    ]);
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      skip,
      stepCompleted('sentinel', { stepNumber: 99, workOrderId: 'WO-S' }, 9),
    ]);
    await waitFor(() => agent.recorder.recommendations.some((r) => r.correlationId === 'corr-sentinel'), {
      timeoutMs: 10_000,
      description: 'the sentinel',
    });
    expect(agent.recorder.actions.filter((a) => a.causationId === 's4')).toHaveLength(1);
    expect(agent.recorder.recommendations.filter((r) => r.correlationId === 'corr-s4')).toHaveLength(1);
  });

  it('republishes the identical bytes, and no new flag, when an event comes back past the dedupe after a restart', async () => {
    const first = stepCompleted('s1', { stepNumber: 1 }, 0);
    await agent.agent.deliver(
      PlantEvent.encode(first).finish(),
      deliveryOf(first, agent.topics.plantEvents, 'compliance-agent'),
    );
    await agent.agent.deliver(
      PlantEvent.encode(skip).finish(),
      deliveryOf(skip, agent.topics.plantEvents, 'compliance-agent'),
    );
    // A restarted process on the same SQLite file; the test hands it the records.
    const store = adapters.reopenStore();
    const restarted = await startComplianceAgentApp(
      adapters,
      { topics: agent.topics, consume: false },
      store,
    );
    await restarted.agent.deliver(
      PlantEvent.encode(skip).finish(),
      deliveryOf(skip, agent.topics.plantEvents, 'compliance-agent', 2),
    );
    await restarted.agent.deliver(
      PlantEvent.encode(first).finish(),
      deliveryOf(first, agent.topics.plantEvents, 'compliance-agent', 2),
    );
    await restarted.close();
    await store.close();

    await waitFor(() => agent.recorder.actionBytes.length === 2, {
      timeoutMs: 5_000,
      description: 'two deliveries of the one flag',
    });
    const [a, b] = agent.recorder.actionBytes;
    expect(a?.equals(b ?? Buffer.alloc(0))).toBe(true);
    expect(new Set(agent.recorder.actions.map((x) => x.actionId)).size).toBe(1);
  });
});
