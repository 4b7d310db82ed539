import { SweepExplorer } from '@andon/service-kit';
import { waitFor } from '@andon/testing';
import { DeadLetterArchiver } from './dead-letter/dead-letter-archiver';
import { SourceEventDedupe } from './dedupe/source-event-dedupe';
import { RawTopicsConsumer } from './pipeline/raw-topics.consumer';
import { startHarness, type Harness } from './test-support/ingest-fixtures';

describe('IngestModule built by Nest', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('schedules the dedupe purge with the kit, and the purge deletes expired entries', async () => {
    h = await startHarness({ settings: { INGEST_DEDUPE_WINDOW_MS: 1 } });
    expect(h.app.get(SweepExplorer).names).toContain('ingest.dedupe-purge');
    const dedupe = h.app.get(SourceEventDedupe);
    await dedupe.markAllPublished(['evt-a', 'evt-b']);
    // A 1 ms window: both are expired as soon as the clock moved on.
    const started = Date.now();
    await waitFor(() => Date.now() > started + 1, { description: 'the window passed' });
    expect(await dedupe.purgeExpired()).toBe(2);
    expect(await dedupe.purgeExpired()).toBe(0);
  });

  it('subscribes the raw topics and the dead-letter archive in their groups, and neither with consume: false', async () => {
    h = await startHarness({ settings: { INGEST_GROUP_ID: 'ingest-spec' } });
    expect(h.app.get(RawTopicsConsumer).subscription).toMatchObject({
      groupId: 'ingest-spec',
      topics: h.topics.rawTopics,
      dlqTopic: h.topics.deadLetters,
      idempotent: false,
    });
    expect(h.app.get(DeadLetterArchiver).subscription).toMatchObject({
      groupId: 'ingest-spec-dlq-archive',
      topics: [h.topics.deadLetters],
    });
    await h.close();
    h = await startHarness({ consume: false });
    expect(h.app.get(RawTopicsConsumer).subscription).toBeNull();
    expect(h.app.get(DeadLetterArchiver).subscription).toBeNull();
  });
});
