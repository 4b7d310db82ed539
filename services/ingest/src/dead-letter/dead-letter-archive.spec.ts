import { HeaderNames } from '@andon/contracts';
import { SqliteDocumentStore } from '@andon/persistence';
import { deadLetterMessage } from './dead-letter-record';
import { DeadLetterArchive, detailOf } from './dead-letter-archive';

const letter = (offset: string, message: string, reason: string) =>
  deadLetterMessage({
    dlqTopic: 'andon.dlq.v1',
    key: 'plant-a/line-1',
    value: Buffer.from([0, 1, 2, 255]),
    headers: { 'content-type': 'application/x-protobuf', 'weird.header': 'kept' },
    reason,
    message,
    errorName: 'IngestRejection',
    sourceTopic: 'andon.raw.mes.v1',
    sourcePartition: 2,
    sourceOffset: offset,
    consumerGroup: 'ingest',
    failedAt: new Date(`2026-11-24T06:00:0${offset}Z`),
    attempts: 1,
  });

describe('DeadLetterArchive', () => {
  const store = SqliteDocumentStore.open(':memory:');
  afterAll(() => store.close());

  it('archives one document per failed record, even when the record was dead-lettered twice', async () => {
    const archive = await DeadLetterArchive.open(store);
    const first = letter('1', 'timestamp_skew: too old', 'schema_invalid');
    expect(
      await archive.archive({
        value: first.value,
        headers: first.headers ?? {},
        key: 'plant-a/line-1',
        dlqPosition: 'andon.dlq.v1/0/10',
      }),
    ).toBe('archived');
    expect(
      await archive.archive({
        value: first.value,
        headers: first.headers ?? {},
        key: 'plant-a/line-1',
        dlqPosition: 'andon.dlq.v1/0/11',
      }),
    ).toBe('duplicate');
    const second = letter('2', 'handler failed', 'retries_exhausted');
    await archive.archive({
      value: second.value,
      headers: second.headers ?? {},
      key: null,
      dlqPosition: 'andon.dlq.v1/0/12',
    });

    const all = await archive.find({});
    expect(all.map((l) => [l.reason, l.detail, l.sourceOffset])).toEqual([
      ['schema_invalid', 'timestamp_skew', '1'],
      ['retries_exhausted', 'retries_exhausted', '2'],
    ]);
    expect(Buffer.from(all[0]?.value ?? '', 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(all[0]?.headers).toEqual([
      ['content-type', 'application/x-protobuf'],
      ['weird.header', 'kept'],
    ]);
    // A contract code selects every finer reason under it; a finer reason selects only itself.
    expect((await archive.find({ reason: 'schema_invalid' })).length).toBe(1);
    expect((await archive.find({ reason: 'timestamp_skew' })).length).toBe(1);
    expect((await archive.find({ reason: 'missing_site' })).length).toBe(0);
    expect((await archive.find({ since: '2026-11-24T06:00:02Z' })).map((l) => l.sourceOffset)).toEqual(['2']);
    expect(all[0]?._id).toBe(DeadLetterArchive.idOf(first.headers ?? {}));
    expect(HeaderNames.DlqSourceOffset in (first.headers ?? {})).toBe(true);
  });

  it("reads the fine reason from the message prefix only when it is one of ingest's", () => {
    expect(detailOf('oversized: 5000 bytes', 'schema_invalid')).toBe('oversized');
    expect(detailOf('connect ECONNREFUSED: db', 'retries_exhausted')).toBe('retries_exhausted');
  });
});
