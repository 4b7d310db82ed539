import { createEventBus } from '@andon/bus';
import { EvidenceKind, LlmCallOutcome, RecommendationKind, RiskClass } from '@andon/contracts';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import { EmbeddedAdapters, silentLogger } from '@andon/agent-kit/testing';
import { uniqueAgentTopics } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  failingCheck,
  genealogyLink,
  nonconformance,
  startQualityAgent,
  type RunningQualityAgent,
} from './test-support/quality-fixtures';

describe('quality agent on real Kafka', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningQualityAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open(
      createEventBus(
        { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('quality-agent') },
        { logger: silentLogger() },
      ),
    );
    agent = await startQualityAgent(adapters, {
      topics: uniqueAgentTopics('qa'),
      config: { AGENT_GROUP_ID: uniqueName('quality-agent') },
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it('turns an SPC drift and an NCR into an investigation, holds and a triage recommendation, with evidence and generation metadata', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      genealogyLink('k-gen-1', 'LOT-A1-00001', 'LOT-A1-00002', 1),
      failingCheck('k-chk-1', 'LOT-A1-00001', 10.26, 2),
      nonconformance('k-ncr-1', { ncrId: 'NCR-A-501', lotIds: ['LOT-A1-00001'] }, 5),
    ]);
    await waitFor(
      () =>
        agent.recorder.recommendations.length === 1 &&
        agent.recorder.actions.length === 3 &&
        agent.recorder.llmCalls.length === 1,
      {
        timeoutMs: 60_000,
        description: 'three actions, one recommendation and one call record on Kafka',
      },
    );

    const [investigation] = agent.recorder.actionsOfType('mes.start_investigation');
    const holds = agent.recorder.actionsOfType('mes.hold_lot');
    expect(investigation?.riskClass).toBe(RiskClass.WORKFLOW_INITIATION);
    expect(holds.map((h) => JSON.parse(h.mesCall?.payloadJson ?? '{}').lotId).sort()).toEqual([
      'LOT-A1-00001',
      'LOT-A1-00002',
    ]);
    expect(holds.every((h) => h.riskClass === RiskClass.TRANSACTION_EXECUTION)).toBe(true);
    for (const action of agent.recorder.actions) {
      expect(action.correlationId).toBe('corr-k-ncr-1');
      expect(action.evidence[0]).toMatchObject({ kind: EvidenceKind.EVENT, id: 'k-ncr-1' });
      expect(action.evidence.map((e) => e.id)).toEqual(expect.arrayContaining(['k-gen-1', 'k-chk-1']));
      expect(action.generation).toMatchObject({
        promptId: 'ncr-triage@deterministic',
        deterministicFallback: true,
        fallbackReason: 'llm-not-configured',
        llmCallIds: [agent.recorder.llmCalls[0]?.callId],
      });
    }
    expect(agent.recorder.recommendations[0]?.kind).toBe(RecommendationKind.NCR_TRIAGE);
    expect(agent.recorder.llmCalls[0]).toMatchObject({
      useCase: 'ncr-triage',
      outcome: LlmCallOutcome.FALLBACK,
      fallbackReason: 'llm-not-configured',
      site: 'plant-a',
    });
  }, 120_000);
});
