import { LEDGER_COLLECTION } from '@andon/governance/ledger';
import { SqliteDocumentStore } from '@andon/persistence';
import { bothVerdicts, CHAIN, id, verdictOf, writeChain } from '../chain/scenarios/chain-fixtures';
import { capturingLog } from '../testing/capturing-log';
import { rawSqlite, tempSqlite, type TempSqlite } from '../testing/temp-store';
import { verifyRangeInParallel, type ParallelVerifyOptions } from './parallel-range-verifier';
import { verifyRange } from './range-verifier';
import { SegmentWorkerPool } from './segment-worker-pool';

describe('verifyRangeInParallel', () => {
  let db: TempSqlite;
  const pool = new SegmentWorkerPool(2);
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(() => db.close());
  afterAll(() => pool.close());

  const options = (over: Partial<ParallelVerifyOptions> = {}): ParallelVerifyOptions => ({
    location: db.store.location,
    collection: LEDGER_COLLECTION,
    pool,
    minSegment: 10,
    ...over,
  });

  it('agrees with the sequential walk on a clean chain, with worker threads doing two of three segments', async () => {
    const appender = await writeChain(db.store, 95);
    const { log, warnings } = capturingLog();
    const parallel = await verifyRangeInParallel(appender.collection, CHAIN, {}, options({ log }));
    expect(parallel).toEqual(await verifyRange(appender.collection, CHAIN));
    expect(parallel).toMatchObject({ ok: true, checked: 95, lastSeq: 95 });
    expect(warnings).toEqual([]);
  });

  it('finds damage that lies in a worker segment (segments 1-32, 33-64, 65-95)', async () => {
    const appender = await writeChain(db.store, 95);
    const raw = rawSqlite(db.file);
    await raw.set(id(70), 'payloadJson', '{"i":69,"lot":"LOT-FORGED"}');
    await raw.close();
    const { log, warnings } = capturingLog();
    const parallel = await verifyRangeInParallel(appender.collection, CHAIN, {}, options({ log }));
    expect(parallel).toMatchObject({ ok: false, firstBadSeq: 70, reason: 'PAYLOAD_TAMPERED', checked: 69 });
    expect(warnings).toEqual([]);
  });

  it('reports a gap on a seam (the last entry of a segment missing) where the sequential walk does', async () => {
    const appender = await writeChain(db.store, 95);
    const raw = rawSqlite(db.file);
    await raw.remove(id(32));
    await raw.remove(id(31));
    await raw.close();
    const parallel = await verifyRangeInParallel(appender.collection, CHAIN, {}, options());
    expect(parallel).toMatchObject({ ok: false, firstBadSeq: 31, reason: 'GAP', checked: 30 });
    expect(verdictOf(parallel)).toEqual(verdictOf(await verifyRange(appender.collection, CHAIN)));
  });

  it('reports the first failure in seq order when several segments fail', async () => {
    const appender = await writeChain(db.store, 95);
    const raw = rawSqlite(db.file);
    await raw.set(id(80), 'site', 'plant-z');
    await raw.set(id(40), 'site', 'plant-z');
    await raw.close();
    const { parallel, service } = await bothVerdicts(db.store, appender);
    expect(parallel).toMatchObject({ ok: false, firstBadSeq: 40, reason: 'HASH_MISMATCH', checked: 39 });
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
  });

  it('honours an explicit range and its anchor', async () => {
    const appender = await writeChain(db.store, 95);
    const range = { fromSeq: 21, toSeq: 80 };
    expect(await verifyRangeInParallel(appender.collection, CHAIN, range, options())).toEqual(
      await verifyRange(appender.collection, CHAIN, range),
    );
  });

  it('verifies a failed worker segment on this thread and says so', async () => {
    const appender = await writeChain(db.store, 95);
    const { log, warnings } = capturingLog();
    // A file the worker cannot open: its directory does not exist.
    const result = await verifyRangeInParallel(
      appender.collection,
      CHAIN,
      {},
      options({ log, location: { kind: 'sqlite', file: '/nonexistent/andon/ledger.sqlite' } }),
    );
    expect(result).toMatchObject({ ok: true, checked: 95 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('verifying its segment on this thread');
  });

  it('verifies on this thread alone without a store location or below the segment size', async () => {
    const appender = await writeChain(db.store, 15);
    expect(
      await verifyRangeInParallel(appender.collection, CHAIN, {}, options({ location: undefined })),
    ).toMatchObject({ ok: true, checked: 15 });
    expect(await verifyRangeInParallel(appender.collection, CHAIN, {}, options())).toMatchObject({
      ok: true,
      checked: 15,
    });
  });

  it('queues jobs beyond its size and refuses work once closed', async () => {
    const appender = await writeChain(db.store, 40);
    const small = new SegmentWorkerPool(1);
    const location = db.store.location;
    if (!location) throw new Error('a file store has a location');
    const jobs = [1, 11, 21, 31].map((fromSeq) =>
      small.run({ location, collection: LEDGER_COLLECTION, chain: CHAIN, fromSeq, toSeq: fromSeq + 9 }),
    );
    expect((await Promise.all(jobs)).map((r) => (r.ok ? r.checked : -1))).toEqual([10, 10, 10, 10]);
    await small.close();
    await expect(
      small.run({ location, collection: LEDGER_COLLECTION, chain: CHAIN, fromSeq: 1 }),
    ).rejects.toThrow('closed');
    expect(
      await verifyRangeInParallel(appender.collection, CHAIN, {}, options({ pool: undefined })),
    ).toMatchObject({ ok: true, checked: 40 });
  });

  it('gets a worker-openable location from a SQLite file, none from :memory:', async () => {
    expect(db.store.location).toEqual({ kind: 'sqlite', file: db.file });
    const memory = SqliteDocumentStore.open(':memory:');
    expect(memory.location).toBeUndefined();
    await memory.close();
  });
});
