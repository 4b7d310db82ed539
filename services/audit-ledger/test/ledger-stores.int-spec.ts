import { Ledger, LEDGER_COLLECTION } from '@andon/governance/ledger';
import { MongoDocumentStore, SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { ChainAppender } from '@andon/governance/ledger';
import { entryId, type EntryFields } from '../src/chain/chain-format';
import { LedgerRecorder } from '../src/record/ledger-recorder';
import { rawMongo, rawSqlite, tempSqlite, type RawLedgerDb } from '../src/testing/temp-store';
import { capturingLog } from '../src/testing/capturing-log';
import { verifyRangeInParallel } from '../src/verify/parallel-range-verifier';
import { verifyRange } from '../src/verify/range-verifier';
import { SegmentWorkerPool } from '../src/verify/segment-worker-pool';

interface StoreUnderTest {
  store: DocumentStore;
  /** a second connection to the same database */
  another(): Promise<DocumentStore>;
  raw(): Promise<RawLedgerDb>;
  close(): Promise<void>;
}

async function ferretdb(): Promise<StoreUnderTest> {
  const uri = mongoUri(uniqueName('ledger'));
  const store = await MongoDocumentStore.connect(uri);
  const others: DocumentStore[] = [];
  return {
    store,
    another: async () => {
      const other = await MongoDocumentStore.connect(uri);
      others.push(other);
      return other;
    },
    raw: () => rawMongo(uri),
    close: async () => {
      for (const other of others) await other.close();
      await store.close();
    },
  };
}

async function sqlite(): Promise<StoreUnderTest> {
  const db = tempSqlite();
  const others: DocumentStore[] = [];
  return {
    store: db.store,
    another: async () => {
      const other = SqliteDocumentStore.open(db.file);
      others.push(other);
      return other;
    },
    raw: async () => rawSqlite(db.file),
    close: async () => {
      for (const other of others) await other.close();
      await db.close();
    },
  };
}

const decided = (i: number): EntryFields => ({
  kind: 'action.decided',
  subjectId: `act-${i}`,
  site: 'plant-a',
  correlationId: `corr-${i}`,
  // Numbers, nested keys and text the stores might rewrite if the payload were not kept as text.
  payload: {
    outcome: 'approved',
    i,
    ratio: 0.1 + 0.2,
    lot: '12345678901234567891',
    nested: { 'a.b': 1, $c: 2 },
  },
});

// The same ledger scenarios on both document stores: the embedded SQLite file and the
// MongoDB-wire server (real FerretDB), tampering through each store's raw driver.
describe.each([
  ['SQLite', sqlite],
  ['FerretDB', ferretdb],
])('ledger on %s', (_name, open) => {
  let sut: StoreUnderTest;
  let appender: ChainAppender;

  beforeEach(async () => {
    sut = await open();
    appender = await ChainAppender.open(sut.store);
  });
  afterEach(async () => {
    await sut.close();
  });

  it('appends a chain that both the service and the governance lib verify', async () => {
    await appender.append(Array.from({ length: 25 }, (_, i) => decided(i)));
    const lib = await Ledger.open(sut.store);
    await lib.append({ kind: 'llm.call', subjectId: 'call-1', payload: { tokens: 10 } });
    await appender.append([decided(99)]);

    expect(await verifyRange(appender.collection, 'main')).toMatchObject({
      ok: true,
      checked: 27,
      lastSeq: 27,
    });
    expect(await lib.verify()).toMatchObject({ ok: true, entries: 27 });
    const [entry] = await lib.query({ subjectId: 'act-3' });
    expect(entry?.payload).toEqual({
      outcome: 'approved',
      i: 3,
      ratio: 0.30000000000000004,
      lot: '12345678901234567891',
      nested: { 'a.b': 1, $c: 2 },
    });
  });

  it('detects a payload altered through the raw driver and names its seq', async () => {
    await appender.append(Array.from({ length: 12 }, (_, i) => decided(i)));
    const raw = await sut.raw();
    try {
      await raw.set(entryId('main', 8), 'payloadJson', '{"outcome":"rejected"}');
    } finally {
      await raw.close();
    }
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({
      ok: false,
      firstBadSeq: 8,
      reason: 'PAYLOAD_TAMPERED',
    });
    expect(await (await Ledger.open(sut.store)).verify()).toMatchObject({
      ok: false,
      brokenAt: 8,
      reason: 'PAYLOAD_TAMPERED',
    });
    expect(await verifyRange(appender.collection, 'main', { toSeq: 7 })).toMatchObject({
      ok: true,
      checked: 7,
    });
  });

  it('verifies in segments on worker threads, each on its own connection, to the same verdict', async () => {
    await appender.append(Array.from({ length: 30 }, (_, i) => decided(i)));
    const pool = new SegmentWorkerPool(2);
    const { log, warnings } = capturingLog();
    const options = { location: sut.store.location, collection: LEDGER_COLLECTION, pool, minSegment: 5, log };
    try {
      expect(await verifyRangeInParallel(appender.collection, 'main', {}, options)).toEqual(
        await verifyRange(appender.collection, 'main'),
      );
      const raw = await sut.raw();
      try {
        // Segments 1-10, 11-20, 21-30: seq 20 is a worker's.
        await raw.set(entryId('main', 20), 'payloadJson', '{"outcome":"rejected"}');
      } finally {
        await raw.close();
      }
      expect(await verifyRangeInParallel(appender.collection, 'main', {}, options)).toMatchObject({
        ok: false,
        firstBadSeq: 20,
        reason: 'PAYLOAD_TAMPERED',
        checked: 19,
      });
      expect(warnings).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('detects a back-dated entry and a removed entry', async () => {
    await appender.append(Array.from({ length: 12 }, (_, i) => decided(i)));
    const raw = await sut.raw();
    try {
      await raw.set(entryId('main', 10), 'at', '2020-01-01T00:00:00.000Z');
      await raw.remove(entryId('main', 4));
    } finally {
      await raw.close();
    }
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      reason: 'GAP',
    });
    expect(await verifyRange(appender.collection, 'main', { fromSeq: 6 })).toMatchObject({
      ok: false,
      firstBadSeq: 10,
      reason: 'HASH_MISMATCH',
    });
  });

  it('appends a source event once, however often it is delivered', async () => {
    const recorder = await LedgerRecorder.open(sut.store, appender, {
      owner: 'test',
      leaseMs: 10_000,
      now: Date.now,
    });
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push((await recorder.record('andon.actions.decided.v1:dec-1', decided(1))).result);
    results.push((await recorder.record('andon.actions.decided.v1:dec-2', decided(2))).result);
    expect(results).toEqual(['appended', 'duplicate', 'duplicate', 'appended']);
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({ ok: true, checked: 2 });
  });

  it('keeps one gap-free chain with two writers on two connections', async () => {
    let lost = 0;
    const writerA = await ChainAppender.open(sut.store, { onRetry: () => lost++ });
    const writerB = await ChainAppender.open(await sut.another(), { onRetry: () => lost++ });
    await Promise.all([
      writerA.append(Array.from({ length: 10 }, (_, i) => decided(i))),
      writerB.append(Array.from({ length: 10 }, (_, i) => decided(100 + i))),
    ]);
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({ ok: true, checked: 20 });
    expect(await (await Ledger.open(sut.store)).verify()).toMatchObject({ ok: true, entries: 20 });
    // Each writer's first append raced for seq 1; one of them lost at least once.
    expect(lost).toBeGreaterThan(0);
  });

  it('keeps every entry exactly once when racing writers append runs longer than one insertMany', async () => {
    let lost = 0;
    const writers = [sut.store, await sut.another(), await sut.another()];
    const appenders = await Promise.all(
      writers.map((store) => ChainAppender.open(store, { onRetry: () => lost++ })),
    );
    const results = await Promise.all(
      appenders.map((writer, w) =>
        writer.append(Array.from({ length: 700 }, (_, i) => decided(w * 1_000 + i))),
      ),
    );
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({ ok: true, checked: 2_100 });
    const seqs = results
      .flat()
      .map((e) => e.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 2_100 }, (_, i) => i + 1));
    const stored = await appender.collection.find({}, { sort: { _id: 1 } });
    const subjects = stored.map((e) => e.subjectId);
    expect(new Set(subjects).size).toBe(2_100);
    // Each writer's entries keep their order within the chain.
    for (const w of [0, 1, 2]) {
      const mine = stored.filter((e) => Math.floor(Number(e.subjectId.slice('act-'.length)) / 1_000) === w);
      expect(mine.map((e) => e.subjectId)).toEqual(
        Array.from({ length: 700 }, (_, i) => `act-${w * 1_000 + i}`),
      );
    }
    expect(lost).toBeGreaterThan(0);
  });
});
