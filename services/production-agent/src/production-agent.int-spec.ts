import { createEventBus } from '@andon/bus';
import { EvidenceKind, LlmCallOutcome, RecommendationKind, RiskClass } from '@andon/contracts';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import { EmbeddedAdapters, silentLogger } from '@andon/agent-kit/testing';
import { uniqueAgentTopics } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  downtimeEnd,
  downtimeStart,
  material,
  shiftCounts,
  shiftEnd,
  startProductionAgent,
  workOrder,
  type RunningProductionAgent,
} from './test-support/production-fixtures';

describe('production agent on real Kafka', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningProductionAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open(
      createEventBus(
        { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('production-agent') },
        { logger: silentLogger() },
      ),
    );
    agent = await startProductionAgent(adapters, {
      topics: uniqueAgentTopics('pa'),
      config: { AGENT_GROUP_ID: uniqueName('production-agent') },
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it('a shift end, a material shortage and a scrap spike become a shift-log proposal, a schedule notice and five recommendations', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      workOrder('k-wo', 0, { workOrderId: 'WO-1', planned: 10_000, completed: 4_000, dueMinutes: 180 }),
      ...shiftCounts('k-cnt'),
      downtimeStart('k-dt-s', 30, 'a-l1-m1'),
      downtimeEnd('k-dt-e', 50, 'a-l1-m1'),
      material('k-short', 100, { materialId: 'RESIN-PX', quantity: 5, workOrderId: 'WO-1' }),
      shiftEnd('k-se', 0, 120),
    ]);
    const mine = () => agent.recorder.actions.filter((a) => a.proposedBy === 'production-agent');
    // The 6.25% scrap lasts two clock hours: one root-cause analysis per spike window (hour).
    await waitFor(() => mine().length === 2 && agent.recorder.recommendations.length === 5, {
      timeoutMs: 60_000,
      description: 'two actions and five recommendations on Kafka',
    });

    const shiftLog = mine().find((a) => a.actionType === 'mes.post_shift_log');
    const notice = mine().find((a) => a.actionType === 'mes.publish_schedule_scenario');
    expect(shiftLog).toMatchObject({
      riskClass: RiskClass.DECISION_SUPPORT,
      causationId: 'k-se',
      correlationId: 'corr-k-se',
    });
    expect(shiftLog?.evidence[0]).toMatchObject({ kind: EvidenceKind.EVENT, id: 'k-se' });
    expect(notice).toMatchObject({ riskClass: RiskClass.DECISION_SUPPORT, causationId: 'k-short' });
    expect(notice?.evidence.map((e) => e.id)).toEqual(['k-short', 'k-wo']);
    expect(agent.recorder.recommendations.map((r) => r.kind).sort()).toEqual(
      [
        RecommendationKind.SHIFT_HANDOFF,
        RecommendationKind.PRODUCTION_REPORT,
        RecommendationKind.SCHEDULE_RISK,
        RecommendationKind.ROOT_CAUSE,
        RecommendationKind.ROOT_CAUSE,
      ].sort(),
    );
    const report = agent.recorder.recommendations.find(
      (r) => r.kind === RecommendationKind.PRODUCTION_REPORT,
    );
    expect(JSON.parse(report?.dataJson ?? '{}')).toMatchObject({
      oee: 0.75,
      availability: 0.8333,
      performance: 0.96,
      quality: 0.9375,
    });
    for (const output of [...mine(), ...agent.recorder.recommendations]) {
      expect(output.generation).toMatchObject({
        provider: 'deterministic',
        deterministicFallback: true,
        fallbackReason: 'llm-not-configured',
      });
      expect(output.generation?.promptHash).toMatch(/^[0-9a-f]{64}$/);
      expect(output.generation?.llmCallIds).toHaveLength(1);
    }
    const rootCauses = agent.recorder.recommendations.filter((r) => r.kind === RecommendationKind.ROOT_CAUSE);
    expect(rootCauses.map((r) => r.correlationId).sort()).toEqual(['corr-k-cnt-0', 'corr-k-cnt-6']);
    await waitFor(() => agent.recorder.llmCalls.length === 5, {
      timeoutMs: 30_000,
      description: 'five LLM call records (handoff, narrative, schedule risk, two root causes)',
    });
    expect(
      agent.recorder.llmCalls.every((c) => c.outcome === LlmCallOutcome.FALLBACK && c.site === 'plant-a'),
    ).toBe(true);
  }, 120_000);
});
