import { createEventBus } from '@andon/bus';
import { EvidenceKind, LlmCallOutcome, RiskClass } from '@andon/contracts';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import { EmbeddedAdapters, silentLogger } from '@andon/agent-kit/testing';
import { uniqueAgentTopics } from '@andon/agent-kit/testing';
import {
  alarm,
  reading,
  startMaintenanceAgent,
  workOrder,
  type RunningMaintenanceAgent,
} from './test-support/maintenance-fixtures';
import { publishPlantEvents } from '@andon/agent-kit/testing';

describe('maintenance agent on real Kafka', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningMaintenanceAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open(
      createEventBus(
        { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('maintenance-agent') },
        { logger: silentLogger() },
      ),
    );
    agent = await startMaintenanceAgent(adapters, {
      topics: uniqueAgentTopics('ma'),
      config: { AGENT_GROUP_ID: uniqueName('maintenance-agent') },
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it('a developing bearing failure becomes one work-order proposal with evidence and generation metadata', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      workOrder('k-mwo', -3000, 'CM-7', 'a-l1-m2'),
      reading('k-r1', -300, 'a-l1-m2.temperature', 68),
      reading('k-r2', -10, 'a-l1-m2.temperature', 84),
      alarm('k-a1', 0, 'a-l1-m2'),
      alarm('k-a2', 1, 'a-l1-m2'),
      alarm('k-a3', 2, 'a-l1-m2'),
      alarm('k-a4', 3, 'a-l1-m2'),
    ]);
    await waitFor(
      () =>
        agent.recorder.actions.length === 1 &&
        agent.recorder.recommendations.length === 1 &&
        agent.recorder.llmCalls.length === 1,
      {
        timeoutMs: 60_000,
        description: 'one proposal, one recommendation and one call record on Kafka',
      },
    );
    const [action] = agent.recorder.actions;
    expect(action).toMatchObject({
      actionType: 'mes.create_work_order',
      riskClass: RiskClass.WORKFLOW_INITIATION,
      causationId: 'k-a3',
      correlationId: 'corr-k-a3',
    });
    expect(action?.evidence[0]).toMatchObject({ kind: EvidenceKind.EVENT, id: 'k-a3' });
    expect(action?.evidence.map((e) => e.id)).toEqual(expect.arrayContaining(['k-mwo', 'k-a1', 'k-a2']));
    expect(JSON.parse(action?.mesCall?.payloadJson ?? '{}')).toMatchObject({
      machineId: 'a-l1-m2',
      parts: [{ partNumber: 'bearing-6204' }],
    });
    expect(action?.generation).toMatchObject({
      promptId: 'maintenance-proposal@deterministic',
      deterministicFallback: true,
      llmCallIds: [agent.recorder.llmCalls[0]?.callId],
    });
    expect(agent.recorder.llmCalls[0]).toMatchObject({
      useCase: 'maintenance-proposal',
      outcome: LlmCallOutcome.FALLBACK,
    });
  }, 120_000);
});
