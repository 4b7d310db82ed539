import { InMemoryIdempotencyStore, createEventBus } from '@andon/bus';
import { ProposedAction } from '@andon/contracts';
import type { DocumentStore } from '@andon/persistence';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import {
  EmbeddedAdapters,
  publishKnowledgeDocuments,
  publishPlantEvents,
  readProposedActions,
  readWholeTopic,
  silentLogger,
} from '@andon/agent-kit/testing';
import { wiA007 } from './test-support/compliance-documents';
import {
  clusterSettings,
  operatorRun,
  startComplianceAgent,
  stepCompleted,
  uniqueComplianceTopics,
  type ComplianceAgentOptions,
  type RunningComplianceAgent,
} from './test-support/compliance-fixtures';

const sentinel = (name: string) =>
  stepCompleted(uniqueName(name), { stepNumber: 99, workOrderId: 'WO-SENTINEL' }, 500);
const idOf = (e: ReturnType<typeof sentinel>) => e.envelope?.eventId ?? '';

describe('compliance agent restart and redelivery on real Kafka', () => {
  let adapters: EmbeddedAdapters;
  let first: RunningComplianceAgent;
  let second: { agent: RunningComplianceAgent; store: DocumentStore } | undefined;
  let groupOfFirst = '';
  const topics = () => first.topics;
  // An operator skipping step 4 of WI-A-007 in work order WO-40.
  const script = operatorRun('rs', { workOrderId: 'WO-40', steps: [1, 2, 3, 5], startMinute: 0 });

  beforeEach(async () => {
    second = undefined;
    adapters = EmbeddedAdapters.open(
      createEventBus(
        { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('compliance-agent') },
        { logger: silentLogger() },
      ),
    );
    const settings = clusterSettings();
    groupOfFirst = settings.AGENT_GROUP_ID ?? '';
    first = await startComplianceAgent(adapters, {
      topics: uniqueComplianceTopics('ca-rs'),
      config: settings,
    });
    const { a, b } = wiA007();
    await publishKnowledgeDocuments(adapters.bus, topics().documentsPublished, [a, b]);
    await waitFor(() => first.library.revision('WI-A-007', 'B'), {
      timeoutMs: 60_000,
      description: 'WI-A-007 B learned from the topic',
    });
    const s1 = sentinel('first');
    await publishPlantEvents(adapters.bus, topics().plantEvents, [...script, s1]);
    await waitFor(() => first.recorder.actions.some((x) => x.causationId === idOf(s1)), {
      timeoutMs: 60_000,
      description: 'the first run flagged up to its sentinel',
    });
    await first.stop();
  });
  afterEach(async () => {
    await second?.agent.stop();
    await second?.store.close();
    await adapters.close();
  });

  async function restart(options: ComplianceAgentOptions): Promise<RunningComplianceAgent> {
    const store = adapters.reopenStore();
    second = { agent: await startComplianceAgent(adapters, options, store), store };
    return second.agent;
  }

  it('a restart on the same groups and store flags from the stored revisions, and a re-published script adds nothing', async () => {
    // The documents topic the restarted agent reads is empty: whatever it knows comes from the store.
    const restarted = await restart({
      topics: { ...topics(), documentsPublished: uniqueName('ca-rs-no-documents') },
      config: { ...clusterSettings(), AGENT_GROUP_ID: groupOfFirst },
    });
    expect(restarted.library.revision('WI-A-007', 'B')?.status).toBe('approved');

    const s2 = sentinel('second');
    // A producer retry delivers the whole script again; then a new skip (step 2) in another work order.
    await publishPlantEvents(adapters.bus, topics().plantEvents, [
      ...script,
      ...operatorRun('new', { workOrderId: 'WO-41', steps: [1, 3], startMinute: 20 }),
      s2,
    ]);
    await waitFor(() => restarted.recorder.actions.some((x) => x.causationId === idOf(s2)), {
      timeoutMs: 60_000,
      description: 'the second sentinel',
    });

    const all = await readProposedActions(topics().actionsProposed);
    const bySentinel = (x: ProposedAction) =>
      x.causationId.startsWith('first') || x.causationId.startsWith('second');
    expect(
      all
        .filter((x) => !bySentinel(x))
        .map((x) => x.causationId)
        .sort(),
    ).toEqual(['new-s3', 'rs-s5']);
    expect(all.filter(bySentinel)).toHaveLength(2);
  }, 120_000);

  it('offsets and dedupe window both lost: every event comes back, and the outbox republishes the identical bytes under the same ids', async () => {
    const restarted = await restart({
      topics: topics(),
      config: { ...clusterSettings(), COMPLIANCE_KNOWLEDGE_DIR: '' },
      idempotency: new InMemoryIdempotencyStore(),
    });
    const s2 = sentinel('second');
    await publishPlantEvents(adapters.bus, topics().plantEvents, [s2]);
    await waitFor(() => restarted.recorder.actions.some((x) => x.causationId === idOf(s2)), {
      timeoutMs: 60_000,
      description: 'the second sentinel',
    });

    const records = await readWholeTopic(topics().actionsProposed);
    const byId = new Map<string, Buffer[]>();
    for (const r of records) {
      const id = ProposedAction.decode(r.value).actionId;
      byId.set(id, [...(byId.get(id) ?? []), r.value]);
    }
    // The skip flag and the first sentinel's flag, each published twice with the same bytes, and the new sentinel's once.
    expect([...byId.values()].map((copies) => copies.length).sort()).toEqual([1, 2, 2]);
    for (const copies of byId.values())
      expect(copies.every((c) => c.equals(copies[0] ?? Buffer.alloc(0)))).toBe(true);
    const skip = records.map((r) => ProposedAction.decode(r.value)).filter((x) => x.causationId === 'rs-s5');
    expect(skip).toHaveLength(2);
  }, 120_000);
});
