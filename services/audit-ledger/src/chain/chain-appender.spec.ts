import { Ledger, LEDGER_COLLECTION } from '@andon/governance/ledger';
import { SqliteDocumentStore } from '@andon/persistence';
import { tempSqlite, type TempSqlite } from '../testing/temp-store';
import { verifyRange } from '../verify/range-verifier';
import { ChainAppender } from '@andon/governance/ledger';
import { entryId, sealEntry, type EntryFields, type NewEntry, type StoredEntry } from './chain-format';

const fields = (i: number): EntryFields => ({
  kind: 'action.decided',
  subjectId: `act-${i}`,
  site: 'plant-a',
  correlationId: `corr-${i}`,
  payload: { i },
});

describe('ChainAppender runs', () => {
  let db: TempSqlite;
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(async () => {
    await db.close();
  });

  it('appends more entries than one run holds, as one gap-free chain', async () => {
    const appender = await ChainAppender.open(db.store);
    const stored = await appender.append(Array.from({ length: 1_234 }, (_, i) => fields(i)));
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 1_234 }, (_, i) => i + 1));
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({ ok: true, checked: 1_234 });
    expect(await (await Ledger.open(db.store)).verify()).toMatchObject({ ok: true, entries: 1_234 });
  });

  it('a seq taken in the middle of a run: keeps the entries before it, re-seals the rest after it', async () => {
    const lost: number[] = [];
    const appender = await ChainAppender.open(db.store, { onRetry: (seq) => lost.push(seq) });
    await appender.append([fields(0), fields(1)]);
    // Another writer's entry at seq 8, its predecessors still in flight (as in a real race
    // on a Mongo-wire server, where two runs interleave document by document).
    const docs = await db.store.collection<StoredEntry>(LEDGER_COLLECTION);
    const foreign = sealEntry('main', { seq: 7, hash: 'f'.repeat(64) }, fields(99), new Date().toISOString());
    expect(await docs.insert(foreign)).toBe('inserted');

    const marked: number[] = [];
    const indexes: number[][] = [];
    const stored = await appender.append(
      Array.from({ length: 10 }, (_, i) => fields(10 + i)),
      async (run) => {
        marked.push(...run.map((item) => item.entry.seq));
        indexes.push(run.map((item) => item.index));
      },
    );

    expect(lost).toEqual([8]);
    expect(stored.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7, 9, 10, 11, 12, 13]);
    expect(stored.map((e) => e.subjectId)).toEqual(Array.from({ length: 10 }, (_, i) => `act-${10 + i}`));
    // The hook saw the first sealing of the run, then the re-sealed rest.
    expect(marked).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 9, 10, 11, 12, 13]);
    expect(indexes).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [5, 6, 7, 8, 9],
    ]);
    const nine = (await docs.get(entryId('main', 9))) as StoredEntry;
    expect(nine.prevHash).toBe(foreign.hash);
    expect(nine.subjectId).toBe('act-15');
    expect(await verifyRange(docs, 'main', { toSeq: 7 })).toMatchObject({ ok: true, checked: 7 });
    expect(await verifyRange(docs, 'main', { fromSeq: 9 })).toMatchObject({ ok: true, checked: 5 });
  });

  it('a stale head: loses the first seq of the run, walks forward and appends after the other writer', async () => {
    const lost: number[] = [];
    const slow = await ChainAppender.open(db.store, { onRetry: (seq) => lost.push(seq) });
    expect(await slow.currentHead()).toBeNull();
    const other = await ChainAppender.open(SqliteDocumentStore.open(db.file));
    await other.append(Array.from({ length: 3 }, (_, i) => fields(i)));
    const stored = await slow.append(Array.from({ length: 4 }, (_, i) => fields(10 + i)));
    expect(lost).toEqual([1]);
    expect(stored.map((e: NewEntry) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(await verifyRange(slow.collection, 'main')).toMatchObject({ ok: true, checked: 7 });
  });

  it('a hook that throws inserts nothing of its run', async () => {
    const appender = await ChainAppender.open(db.store);
    await expect(
      appender.append([fields(0), fields(1), fields(2)], async (run) => {
        if (run.some((item) => item.entry.seq === 2)) throw new Error('marker refused');
      }),
    ).rejects.toThrow('marker refused');
    expect(await appender.collection.count({})).toBe(0);
    expect((await appender.append([fields(3)]))[0]?.seq).toBe(1);
  });
});
