import { createEventBus } from '@andon/bus';
import { EvidenceKind, RiskClass } from '@andon/contracts';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import {
  EmbeddedAdapters,
  publishKnowledgeDocuments,
  publishPlantEvents,
  readProposedActions,
  silentLogger,
} from '@andon/agent-kit/testing';
import { corpusDocument, wiA007, wiA007RevisionC } from './test-support/compliance-documents';
import {
  at,
  clusterSettings,
  operatorRun,
  startComplianceAgent,
  stepCompleted,
  uniqueComplianceTopics,
  type RunningComplianceAgent,
} from './test-support/compliance-fixtures';

describe('a new revision coming into force, on real Kafka', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningComplianceAgent;
  // The agent's clock: revision C is published ahead of its effective time, and the test moves the clock past it.
  let clock = at(0);

  beforeEach(async () => {
    clock = at(0);
    adapters = EmbeddedAdapters.open(
      createEventBus(
        { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('compliance-agent') },
        { logger: silentLogger() },
      ),
    );
    agent = await startComplianceAgent(adapters, {
      topics: uniqueComplianceTopics('ca-eff'),
      config: clusterSettings({ COMPLIANCE_REVISION_SWEEP_MS: 200 }),
      now: () => clock,
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  // Sentinels are steps of another procedure (SOP-A-014 has no step 99), so they never count as running WI-A-007.
  const sentinels = (phase: string) =>
    ['line-1', 'line-2', 'line-3'].map((line) =>
      stepCompleted(
        uniqueName(`${phase}-${line}`),
        { documentId: 'SOP-A-014', revision: 'C', stepNumber: 99, workOrderId: 'WO-SENTINEL', line },
        500,
      ),
    );
  const sentinelIds = new Set<string>();
  async function playUntilSentinels(
    phase: string,
    script: Parameters<typeof publishPlantEvents>[2] = [],
  ): Promise<void> {
    const last = sentinels(phase);
    for (const s of last) sentinelIds.add(s.envelope?.eventId ?? '');
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [...script, ...last]);
    const ids = new Set(last.map((s) => s.envelope?.eventId ?? ''));
    await waitFor(() => agent.recorder.actions.filter((x) => ids.has(x.causationId)).length === 3, {
      timeoutMs: 60_000,
      description: `the ${phase} sentinel flags`,
    });
  }

  const announced = async (documentId: string, revision: string) =>
    (await agent.revisions.all()).some(
      (r) =>
        r.revision.documentId === documentId && r.revision.revision === revision && r.announcedAt !== null,
    );

  it('flags the line still running revision B, not the line already on C nor a line idle for days', async () => {
    const { a, b } = wiA007();
    const { c, bObsolete } = wiA007RevisionC(at(60));
    await publishKnowledgeDocuments(adapters.bus, agent.topics.documentsPublished, [
      a,
      b,
      c,
      bObsolete,
      corpusDocument('plant-a/sop-a-014-press-jam.md'),
    ]);
    await waitFor(
      () =>
        agent.library.revision('WI-A-007', 'C') &&
        agent.library.revision('WI-A-007', 'B')?.status === 'obsolete' &&
        agent.library.revision('SOP-A-014', 'C'),
      {
        timeoutMs: 60_000,
        description: 'WI-A-007 A, B (then obsolete) and C, and SOP-A-014, learned',
      },
    );
    expect(await announced('WI-A-007', 'C')).toBe(false);

    await playUntilSentinels('before', [
      // Line 3 ran B two days before C comes into force: not running it any more.
      ...operatorRun('l3', {
        line: 'line-3',
        machineId: 'a-l3-m1',
        workOrderId: 'WO-30',
        steps: [1, 2],
        startMinute: -2 * 24 * 60,
      }),
      // Line 1 is half-way through a changeover on B, which is in force while it works.
      ...operatorRun('l1', { line: 'line-1', workOrderId: 'WO-10', steps: [1, 2, 3], startMinute: 10 }),
      // Line 2 started its changeover on C once C was in force (event time past C's effective time).
      ...operatorRun('l2', {
        line: 'line-2',
        machineId: 'a-l2-m1',
        workOrderId: 'WO-20',
        revision: 'C',
        steps: [1, 2],
        startMinute: 61,
      }),
    ]);
    // Every line followed the revision in force at its time: nothing but the sentinels so far.
    expect(
      (await readProposedActions(agent.topics.actionsProposed)).filter(
        (x) => !sentinelIds.has(x.causationId),
      ),
    ).toEqual([]);

    clock = at(62);
    await waitFor(() => announced('WI-A-007', 'C'), {
      timeoutMs: 30_000,
      description: 'revision C announced by the sweep',
    });
    await playUntilSentinels('after');

    const actions = (await readProposedActions(agent.topics.actionsProposed)).filter(
      (x) => !sentinelIds.has(x.causationId),
    );
    expect(actions).toHaveLength(1);
    const [flag] = actions;
    expect(flag).toMatchObject({
      actionType: 'mes.raise_compliance_flag',
      riskClass: RiskClass.DECISION_SUPPORT,
      causationId: 'l1-s3',
      correlationId: 'corr-l1-s3',
      location: { site: 'plant-a', line: 'line-1' },
    });
    expect(flag?.title).toBe('Compliance flag: superseded revision running on WI-A-007, plant-a/line-1');
    expect(flag?.rationale).toContain(
      `Line plant-a/line-1 is running WI-A-007 revision B (obsolete): its last step (3 in work order WO-10) was completed on ${at(12).toISOString()}, and revision C came into force on ${at(60).toISOString()}.`,
    );
    expect(
      flag?.evidence.map(
        (e) =>
          `${e.kind === EvidenceKind.EVENT ? 'event' : 'doc'}:${e.id}${e.revision ? `@${e.revision}` : ''}`,
      ),
    ).toEqual(['event:l1-s3', 'doc:WI-A-007@C', 'doc:WI-A-007@B']);
  }, 120_000);
});
