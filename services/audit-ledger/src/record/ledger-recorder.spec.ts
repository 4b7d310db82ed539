import type {
  DocumentCollection,
  DocumentStore,
  IndexSpec,
  InsertManyOptions,
  Versioned,
} from '@andon/persistence';
import { Ledger, LEDGER_COLLECTION } from '@andon/governance/ledger';
import { ChainAppender } from '@andon/governance/ledger';
import type { EntryFields } from '../chain/chain-format';
import { SqliteDocumentStore } from '@andon/persistence';
import { tempSqlite, type TempSqlite } from '../testing/temp-store';
import { AppendInProgressError, LedgerRecorder } from './ledger-recorder';

const fields = (subjectId: string): EntryFields => ({
  kind: 'action.decided',
  subjectId,
  site: 'plant-a',
  correlationId: 'c',
  payload: { subjectId },
});

/** Fault injection over the real store: the next ledger insert dies before reaching it. */
class DiesOnNextEntryInsert implements DocumentStore {
  armed = true;
  constructor(private readonly inner: DocumentStore) {}
  async collection<T extends Versioned>(name: string, indexes?: IndexSpec[]): Promise<DocumentCollection<T>> {
    const inner = await this.inner.collection<T>(name, indexes);
    if (name !== LEDGER_COLLECTION) return inner;
    return Object.assign(Object.create(inner) as DocumentCollection<T>, {
      insert: (doc: Omit<T, 'version'>) => {
        if (!this.armed) return inner.insert(doc);
        this.armed = false;
        return Promise.reject(new Error('injected crash before the entry insert'));
      },
      insertMany: (docs: ReadonlyArray<Omit<T, 'version'>>, options: InsertManyOptions) => {
        if (!this.armed) return inner.insertMany(docs, options);
        this.armed = false;
        return Promise.reject(new Error('injected crash before the entry insert'));
      },
    });
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return Promise.resolve();
  }
}

describe('LedgerRecorder', () => {
  let db: TempSqlite;
  let clock = 1_000_000;
  const now = () => clock;
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(() => db.close());

  async function recorder(store: DocumentStore, owner: string) {
    return LedgerRecorder.open(store, await ChainAppender.open(store), { owner, leaseMs: 10_000, now });
  }

  it('appends a source once however often it is delivered, by whichever instance', async () => {
    const a = await recorder(db.store, 'a');
    const b = await recorder(db.store, 'b');
    expect((await a.record('topic:evt-1', fields('act-1'))).result).toBe('appended');
    expect((await a.record('topic:evt-1', fields('act-1'))).result).toBe('duplicate');
    expect((await b.record('topic:evt-1', fields('act-1'))).result).toBe('duplicate');
    expect((await b.record('topic:evt-2', fields('act-2'))).result).toBe('appended');
    const ledger = await Ledger.open(db.store);
    expect((await ledger.query()).map((e) => e.subjectId)).toEqual(['act-1', 'act-2']);
    expect(await ledger.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('after a crash between marker and entry, redoes the append once (at once for itself, after the lease for others)', async () => {
    const crashing = new DiesOnNextEntryInsert(db.store);
    const first = await recorder(crashing, 'a');
    await expect(first.record('topic:evt-9', fields('act-9'))).rejects.toThrow('injected crash');

    const other = await recorder(db.store, 'b');
    await expect(other.record('topic:evt-9', fields('act-9'))).rejects.toThrow(AppendInProgressError);
    clock += 10_001;
    expect((await other.record('topic:evt-9', fields('act-9'))).result).toBe('appended');
    expect((await first.record('topic:evt-9', fields('act-9'))).result).toBe('duplicate');

    const ledger = await Ledger.open(db.store);
    expect((await ledger.query({ subjectId: 'act-9' })).length).toBe(1);
    expect(await ledger.verify()).toMatchObject({ ok: true, entries: 1 });
  });

  it('lets the crashed instance redo its own append without waiting', async () => {
    const crashing = new DiesOnNextEntryInsert(db.store);
    const same = await recorder(crashing, 'a');
    await expect(same.record('topic:evt-3', fields('act-3'))).rejects.toThrow('injected crash');
    expect((await same.record('topic:evt-3', fields('act-3'))).result).toBe('appended');
    expect((await same.record('topic:evt-3', fields('act-3'))).result).toBe('duplicate');
    expect(await (await Ledger.open(db.store)).verify()).toMatchObject({ ok: true, entries: 1 });
  });

  it('keeps the chain gap-free with two instances appending at once on one file', async () => {
    const a = await recorder(db.store, 'a');
    const b = await recorder(db.store, 'b');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).record(`topic:evt-${i % 30}`, fields(`act-${i % 30}`)),
      ),
    );
    const ledger = await Ledger.open(db.store);
    const entries = await ledger.query();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.subjectId)).size).toBe(30);
    expect(await ledger.verify()).toMatchObject({ ok: true, entries: 30 });
  });

  describe('recordBatch', () => {
    const source = (n: number) => ({ sourceKey: `topic:evt-${n}`, fields: fields(`act-${n}`) });

    it('appends a batch in order, once per source, skipping repeats and sources already recorded', async () => {
      const a = await recorder(db.store, 'a');
      expect((await a.record('topic:evt-2', fields('act-2'))).result).toBe('appended');
      const outcomes = await a.recordBatch([source(1), source(2), source(3), source(1), source(4)]);
      expect(outcomes.map((o) => o.result)).toEqual([
        'appended',
        'duplicate',
        'appended',
        'duplicate',
        'appended',
      ]);
      expect(
        outcomes.flatMap((o) => (o.result === 'appended' ? [o.entry.subjectId, o.entry.seq] : [])),
      ).toEqual(['act-1', 2, 'act-3', 3, 'act-4', 4]);
      const ledger = await Ledger.open(db.store);
      expect(await ledger.verify()).toMatchObject({ ok: true, entries: 4 });
      // Every marker points at its entry, so a redelivery of the whole batch appends nothing.
      expect(
        (await a.recordBatch([source(1), source(2), source(3), source(4)])).map((o) => o.result),
      ).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect(await ledger.verify()).toMatchObject({ ok: true, entries: 4 });
    });

    it('after a crash between the markers and the entries, the sources are appended exactly once on redelivery', async () => {
      const crashing = new DiesOnNextEntryInsert(db.store);
      const a = await recorder(crashing, 'a');
      await expect(a.recordBatch([source(1), source(2), source(3)])).rejects.toThrow('injected crash');
      expect(await (await Ledger.open(db.store)).verify()).toMatchObject({ ok: true, entries: 0 });
      // The bus hands the records over again, as a batch or one by one.
      expect((await a.recordBatch([source(1), source(2)])).map((o) => o.result)).toEqual([
        'appended',
        'appended',
      ]);
      expect((await a.record('topic:evt-3', fields('act-3'))).result).toBe('appended');
      expect((await a.recordBatch([source(1), source(2), source(3)])).map((o) => o.result)).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
      const ledger = await Ledger.open(db.store);
      expect((await ledger.query()).map((e) => e.subjectId)).toEqual(['act-1', 'act-2', 'act-3']);
      expect(await ledger.verify()).toMatchObject({ ok: true, entries: 3 });
    });

    it('two instances batching overlapping sources at once: each source once, one gap-free chain', async () => {
      const a = await recorder(db.store, 'a');
      const b = await recorder(SqliteDocumentStore.open(db.file), 'b');
      // What the bus does when a batch handler throws: each record again, with retries.
      const deliver = async (instance: LedgerRecorder, list: ReturnType<typeof source>[]) => {
        try {
          await instance.recordBatch(list);
        } catch (err) {
          if (!(err instanceof AppendInProgressError)) throw err;
          for (const item of list) {
            for (let attempt = 0; ; attempt++) {
              try {
                await instance.record(item.sourceKey, item.fields);
                break;
              } catch (retry) {
                if (!(retry instanceof AppendInProgressError) || attempt > 50) throw retry;
                await new Promise((r) => setTimeout(r, 5));
              }
            }
          }
        }
      };
      const range = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, i) => source(from + i));
      await Promise.all([
        deliver(a, range(0, 600)),
        deliver(b, range(300, 900)),
        deliver(a, range(850, 1_000)),
      ]);
      const ledger = await Ledger.open(db.store);
      const entries = await ledger.query();
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
      expect(new Set(entries.map((e) => e.subjectId)).size).toBe(1_000);
      expect(await ledger.verify()).toMatchObject({ ok: true, entries: 1_000 });
    });
  });
});
