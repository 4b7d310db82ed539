import { HeaderNames, DocumentStatus } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters, publishKnowledgeDocuments, publishPlantEvents } from '@andon/agent-kit/testing';
import { corpusDocument, revisionOf, wiA007, wiA007RevisionC } from './test-support/compliance-documents';
import {
  at,
  operatorRun,
  startComplianceAgentApp,
  startComplianceAgent,
  stepCompleted,
  type RunningComplianceAgent,
} from './test-support/compliance-fixtures';

// Revisions learned from andon.documents.published.v1, with the seed folder off (the cluster configuration).
describe('compliance agent learning procedures from the documents topic', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningComplianceAgent;
  let clock = at(0);
  const config = { COMPLIANCE_KNOWLEDGE_DIR: '' };

  beforeEach(async () => {
    clock = at(0);
    adapters = EmbeddedAdapters.open();
    agent = await startComplianceAgent(adapters, { config, now: () => clock });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  const publishDocs = (...docs: Parameters<typeof publishKnowledgeDocuments>[2]) =>
    publishKnowledgeDocuments(adapters.bus, agent.topics.documentsPublished, docs);
  const known = async () =>
    (await agent.revisions.all()).map(
      (r) =>
        `${r.revision.documentId}@${r.revision.revision}:${r.revision.status}:${r.announcedAt === null ? 'pending' : 'announced'}`,
    );

  it('knows nothing without the seed, learns SOPs and work instructions, and skips manuals and PDFs', async () => {
    expect(agent.library.all()).toEqual([]);
    const { a, b } = wiA007();
    await publishDocs(
      a,
      b,
      corpusDocument('plant-a/mm-a-003-press-hydraulics.html'),
      corpusDocument('plant-a/sop-a-014-press-jam.md'),
    );
    await waitFor(() => agent.library.all().length === 3, {
      timeoutMs: 5_000,
      description: 'three procedures learned',
    });
    await waitFor(async () => (await known()).length === 3, {
      timeoutMs: 5_000,
      description: 'three stored',
    });
    expect((await known()).sort()).toEqual([
      'SOP-A-014@C:approved:announced',
      'WI-A-007@A:obsolete:pending',
      'WI-A-007@B:approved:announced',
    ]);
  });

  it('dead-letters a record that is not a KnowledgeDocument', async () => {
    await adapters.bus.publish([
      {
        topic: agent.topics.documentsPublished,
        key: 'x',
        value: new Uint8Array([0xff, 0xff, 0xff]),
        headers: { [HeaderNames.EventId]: 'bad-doc' },
      },
    ]);
    await waitFor(() => agent.recorder.deadLetters.length === 1, {
      timeoutMs: 5_000,
      description: 'the dead letter',
    });
  });

  it('replaces a republished revision, and a restart judges steps from the store before reading the topic', async () => {
    const { a, b } = wiA007();
    const { c, bObsolete } = wiA007RevisionC(at(60));
    await publishDocs(a, b, c, bObsolete);
    await waitFor(
      () =>
        agent.library.revision('WI-A-007', 'B')?.status === 'obsolete' &&
        agent.library.revision('WI-A-007', 'C'),
      { timeoutMs: 5_000, description: 'B obsolete, C known' },
    );
    await agent.stop();

    const store = adapters.reopenStore();
    try {
      const restarted = await startComplianceAgentApp(
        adapters,
        { config, now: () => clock, consume: false },
        store,
      );
      expect(restarted.library.revision('WI-A-007', 'B')?.effectiveTo).toBe(at(60).getTime());
      expect(restarted.library.approvedAt('WI-A-007', at(61).getTime())?.revision).toBe('C');
      expect(restarted.library.approvedAt('WI-A-007', at(59).getTime())?.revision).toBe('B');
      await restarted.close();
    } finally {
      await store.close();
    }
  });

  it('announces a future revision once when its time comes, and not again after a restart', async () => {
    const { a, b } = wiA007();
    const { c, bObsolete } = wiA007RevisionC(at(60));
    await publishDocs(a, b, c, bObsolete, corpusDocument('plant-a/sop-a-014-press-jam.md'));
    await waitFor(() => agent.library.revision('WI-A-007', 'C') && agent.library.revision('SOP-A-014', 'C'), {
      timeoutMs: 5_000,
      description: 'C and SOP-A-014 known',
    });
    // The sentinel is a step of another procedure (SOP-A-014 has no step 99): flagged, and never "running" WI-A-007.
    let sentinels = 0;
    const untilSentinel = async () => {
      sentinels += 1;
      const id = `sentinel-${sentinels}`;
      await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
        stepCompleted(id, { documentId: 'SOP-A-014', revision: 'C', stepNumber: 99 }, 500),
      ]);
      await waitFor(() => agent.recorder.actions.some((x) => x.causationId === id), {
        timeoutMs: 5_000,
        description: id,
      });
    };
    const flags = () =>
      agent.recorder.actions.map((x) => x.causationId).filter((id) => !id.startsWith('sentinel'));
    await publishPlantEvents(
      adapters.bus,
      agent.topics.plantEvents,
      operatorRun('l1', { workOrderId: 'WO-1', steps: [1, 2], startMinute: 10 }),
    );
    await untilSentinel();
    await agent.sweep();
    expect(flags()).toEqual([]);

    clock = at(61);
    await agent.sweep();
    await untilSentinel();
    expect(flags()).toEqual(['l1-s2']);
    expect(await known()).toContain('WI-A-007@C:approved:announced');

    // Republished unchanged (the compacted topic read again by a new group), then a restarted replica sweeps.
    await publishDocs(c);
    await agent.sweep();
    const restarted = await startComplianceAgentApp(adapters, { config, now: () => clock, consume: false });
    await restarted.sweep();
    await untilSentinel();
    expect(flags()).toEqual(['l1-s2']);
    await restarted.close();
  });

  it('a draft republished as approved is learned as approved', async () => {
    const draft = corpusDocument('plant-a/sop-a-030-press-vibration-draft.md');
    await publishDocs(draft);
    await waitFor(() => agent.library.revision(draft.documentId, draft.revision)?.status === 'draft', {
      timeoutMs: 5_000,
      description: 'the draft',
    });
    await publishDocs(
      revisionOf(draft, {
        revision: draft.revision,
        status: DocumentStatus.APPROVED,
        effectiveFrom: at(-10),
      }),
    );
    await waitFor(() => agent.library.revision(draft.documentId, draft.revision)?.status === 'approved', {
      timeoutMs: 5_000,
      description: 'approved',
    });
    expect(agent.library.approvedAt(draft.documentId, at(0).getTime())?.revision).toBe(draft.revision);
  });
});
