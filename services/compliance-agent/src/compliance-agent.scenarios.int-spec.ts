import { createEventBus } from '@andon/bus';
import {
  EvidenceKind,
  RecommendationKind,
  RiskClass,
  type PlantEvent,
  type ProposedAction,
} from '@andon/contracts';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import {
  EmbeddedAdapters,
  publishKnowledgeDocuments,
  publishPlantEvents,
  readProposedActions,
  silentLogger,
} from '@andon/agent-kit/testing';
import { wiA007 } from './test-support/compliance-documents';
import {
  clusterSettings,
  operatorRun,
  startComplianceAgent,
  stepCompleted,
  uniqueComplianceTopics,
  type RunningComplianceAgent,
} from './test-support/compliance-fixtures';

// A step that is certain to be flagged (WI-A-007 has no step 99), on the line under test:
// same key, same partition, so every output of the line's earlier events precedes it.
const sentinel = (line = 'line-1') =>
  stepCompleted(uniqueName('sentinel'), { stepNumber: 99, workOrderId: 'WO-SENTINEL', line }, 500);
const docEvidence = (a: ProposedAction | undefined) =>
  a?.evidence.filter((e) => e.kind === EvidenceKind.DOCUMENT).map((e) => `${e.id}@${e.revision}#${e.chunk}`);
const eventEvidence = (a: ProposedAction | undefined) =>
  a?.evidence.filter((e) => e.kind === EvidenceKind.EVENT).map((e) => e.id);

describe('compliance agent scenarios on real Kafka, revisions from the documents topic', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningComplianceAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open(
      createEventBus(
        { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('compliance-agent') },
        { logger: silentLogger() },
      ),
    );
    agent = await startComplianceAgent(adapters, {
      topics: uniqueComplianceTopics('ca'),
      config: clusterSettings(),
    });
    const { a, b } = wiA007();
    await publishKnowledgeDocuments(adapters.bus, agent.topics.documentsPublished, [a, b]);
    await waitFor(() => agent.library.revision('WI-A-007', 'A') && agent.library.revision('WI-A-007', 'B'), {
      timeoutMs: 60_000,
      description: 'WI-A-007 A and B learned from the topic',
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  /** Plays the script and a sentinel, waits for the sentinel's flag, then returns the whole actions topic without the sentinel. */
  async function play(script: readonly PlantEvent[]): Promise<ProposedAction[]> {
    const last = sentinel();
    const sentinelId = last.envelope?.eventId ?? '';
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [...script, last]);
    await waitFor(() => agent.recorder.actions.some((x) => x.causationId === sentinelId), {
      timeoutMs: 60_000,
      description: 'the sentinel flag',
    });
    const all = await readProposedActions(agent.topics.actionsProposed);
    expect(all.filter((x) => x.causationId === sentinelId)).toHaveLength(1);
    return all.filter((x) => x.causationId !== sentinelId);
  }

  it('an operator skipping a step: one skipped-steps flag, citing the jump and WI-A-007 revision B, and nothing else', async () => {
    const actions = await play(
      operatorRun('skip', { workOrderId: 'WO-10', steps: [1, 2, 3, 5, 6, 7, 8, 9, 10], startMinute: 0 }),
    );

    expect(actions).toHaveLength(1);
    const [flag] = actions;
    expect(flag).toMatchObject({
      actionType: 'mes.raise_compliance_flag',
      riskClass: RiskClass.DECISION_SUPPORT,
      proposedBy: 'compliance-agent',
      causationId: 'skip-s5',
      correlationId: 'corr-skip-s5',
      location: { site: 'plant-a', line: 'line-1' },
      mesCall: { method: 'POST', path: '/shift-log' },
    });
    expect(flag?.title).toBe('Compliance flag: skipped steps on WI-A-007, plant-a/line-1');
    expect(flag?.rationale).toContain(
      'Step 5 of WI-A-007 was completed in work order WO-10 with step 4 not recorded as completed.',
    );
    expect(eventEvidence(flag)).toEqual(['skip-s5', 'skip-s3']);
    expect(docEvidence(flag)).toEqual(['WI-A-007@B#step-4', 'WI-A-007@B#step-4']);
    expect(flag?.evidence[0]?.excerpt).toBe(
      'Step 5 of WI-A-007 revision B completed by B-1001 on a-l1-m1 for work order WO-10.',
    );
    const rec = agent.recorder.recommendations.find((r) => r.correlationId === 'corr-skip-s5');
    expect(rec).toMatchObject({
      kind: RecommendationKind.PROCEDURE_DEVIATION,
      relatedActionIds: [flag?.actionId],
    });
  }, 120_000);

  it('steps out of order: the skip when step 4 jumps step 3, the late step 3, and nothing for the steps after', async () => {
    const actions = await play(
      operatorRun('ooo', { workOrderId: 'WO-11', steps: [1, 2, 4, 3, 5, 6, 7, 8, 9, 10], startMinute: 0 }),
    );

    expect(actions.map((a) => a.causationId)).toEqual(['ooo-s4', 'ooo-s3']);
    const [skip, late] = actions;
    expect(skip?.rationale).toContain(
      'Step 4 of WI-A-007 was completed in work order WO-11 with step 3 not recorded as completed.',
    );
    expect(eventEvidence(skip)).toEqual(['ooo-s4', 'ooo-s2']);
    expect(late?.title).toBe('Compliance flag: out of order on WI-A-007, plant-a/line-1');
    expect(late?.rationale).toContain('Step 3 of WI-A-007 was completed after step 4 in work order WO-11.');
    expect(eventEvidence(late)).toEqual(['ooo-s3', 'ooo-s4']);
    expect(docEvidence(late)).toEqual(['WI-A-007@B#step-3', 'WI-A-007@B#step-3']);
  }, 120_000);

  it('a superseded revision in use: one flag for the work order, citing approved revision B and the obsolete A it used', async () => {
    const actions = await play(
      operatorRun('old', { workOrderId: 'WO-12', revision: 'A', steps: [1, 2, 3], startMinute: 0 }),
    );

    expect(actions).toHaveLength(1);
    const [flag] = actions;
    expect(flag).toMatchObject({ causationId: 'old-s1', riskClass: RiskClass.DECISION_SUPPORT });
    expect(flag?.title).toBe('Compliance flag: revision not in force on WI-A-007, plant-a/line-1');
    expect(flag?.rationale).toContain(
      'Step 1 of WI-A-007 was completed against revision A (obsolete); the approved revision in force is B.',
    );
    expect(eventEvidence(flag)).toEqual(['old-s1']);
    expect(docEvidence(flag)).toEqual(['WI-A-007@B#step-1', 'WI-A-007@B#step-1', 'WI-A-007@A#']);
  }, 120_000);
});
