import type { DocumentCollection, InsertManyOptions, Versioned } from '../ports/document-store.port';
import { type ContractContext, type Item, expectStoreError, ids } from './contract-context';

const ORDERED: InsertManyOptions = { ordered: true };

interface Event extends Versioned {
  system: string;
  eventId: string;
  by?: string;
}

interface Claimed extends Versioned {
  by: string;
}

const items = (from: number, to: number, kind = 'k'): Array<Omit<Item, 'version'>> =>
  Array.from({ length: to - from }, (_, i) => ({
    _id: `i${String(from + i).padStart(4, '0')}`,
    kind,
    n: from + i,
  }));

/**
 * A writer that inserts `wanted` in chunks, skipping an id another writer got first and
 * retrying the rest, as the ledger's appender does. Returns the ids it inserted itself.
 */
async function insertAll(
  docs: DocumentCollection<Claimed>,
  wanted: readonly string[],
  by: string,
  chunk: number,
): Promise<string[]> {
  const mine: string[] = [];
  let rest = [...wanted];
  while (rest.length > 0) {
    const batch = rest.slice(0, chunk);
    const result = await docs.insertMany(
      batch.map((_id) => ({ _id, by })),
      ORDERED,
    );
    mine.push(...batch.slice(0, result.inserted));
    rest = rest.slice(result.duplicateAt === undefined ? result.inserted : result.duplicateAt + 1);
  }
  return mine;
}

export function describeInsertManyContract(ctx: ContractContext): void {
  describe('insertMany (ordered)', () => {
    it('inserts every document in order, each at version 1', async () => {
      const docs = await ctx.fresh<Item>();
      const result = await docs.insertMany(items(0, 25), ORDERED);
      expect(result).toEqual({ inserted: 25 });
      const stored = await docs.find({}, { sort: { _id: 1 } });
      expect(stored).toEqual(items(0, 25).map((d) => ({ ...d, version: 1 })));
    });

    it('accepts an empty run', async () => {
      const docs = await ctx.fresh<Item>();
      expect(await docs.insertMany([], ORDERED)).toEqual({ inserted: 0 });
      expect(await docs.count({})).toBe(0);
    });

    it('stops at an existing _id in the middle: earlier documents stay, later ones are not written', async () => {
      const docs = await ctx.fresh<Item>();
      await docs.insert({ _id: 'i0005', kind: 'original' });
      const result = await docs.insertMany(items(0, 10, 'batch'), ORDERED);
      expect(result).toEqual({ inserted: 5, duplicateAt: 5 });
      const stored = await docs.find({}, { sort: { _id: 1 } });
      expect(ids(stored)).toEqual(['i0000', 'i0001', 'i0002', 'i0003', 'i0004', 'i0005']);
      expect((await docs.get('i0005'))?.kind).toBe('original');
    });

    it('stops at an _id repeated inside the run itself', async () => {
      const docs = await ctx.fresh<Item>();
      const run = [...items(0, 3), { _id: 'i0001', kind: 'again' }, ...items(3, 6)];
      expect(await docs.insertMany(run, ORDERED)).toEqual({ inserted: 3, duplicateAt: 3 });
      expect(ids(await docs.find({}, { sort: { _id: 1 } }))).toEqual(['i0000', 'i0001', 'i0002']);
      expect((await docs.get('i0001'))?.kind).toBe('k');
    });

    it('stops at a unique-index violation in the middle', async () => {
      const events = await ctx.fresh<Event>([
        { name: 'by_source', unique: true, fields: { system: 1, eventId: 1 } },
      ]);
      await events.insert({ _id: 'old', system: 'mes', eventId: 'e2' });
      const run = ['e0', 'e1', 'e2', 'e3'].map((eventId, i) => ({ _id: `new${i}`, system: 'mes', eventId }));
      expect(await events.insertMany(run, ORDERED)).toEqual({ inserted: 2, duplicateAt: 2 });
      expect(ids(await events.find({}, { sort: { _id: 1 } }))).toEqual(['new0', 'new1', 'old']);
    });

    it('a first document that is a duplicate inserts nothing', async () => {
      const docs = await ctx.fresh<Item>();
      await docs.insert({ _id: 'i0000', kind: 'original' });
      expect(await docs.insertMany(items(0, 4), ORDERED)).toEqual({ inserted: 0, duplicateAt: 0 });
      expect(await docs.count({})).toBe(1);
    });

    it('a long run stopped by its first document writes nothing after it, however the server chunks it', async () => {
      // FerretDB v1 splits an ordered insert into chunks of 100 and went on with the next
      // chunk after a duplicate; the port's ordered meaning must hold at any run length.
      const docs = await ctx.fresh<Item>();
      await docs.insert({ _id: 'i0000', kind: 'original' });
      await docs.insert({ _id: 'i0150', kind: 'original' });
      expect(await docs.insertMany(items(0, 350, 'batch'), ORDERED)).toEqual({ inserted: 0, duplicateAt: 0 });
      expect(await docs.count({})).toBe(2);
      expect(await docs.insertMany(items(1, 350, 'batch'), ORDERED)).toEqual({
        inserted: 149,
        duplicateAt: 149,
      });
      expect(ids(await docs.find({ kind: 'batch' }, { sort: { _id: 1 } }))).toEqual(
        items(1, 150).map((d) => d._id),
      );
      expect(await docs.count({})).toBe(151);
    });

    it('validates every document before writing any', async () => {
      const docs = await ctx.fresh<Item>();
      const run = [...items(0, 3), { _id: 'bad', kind: 'k', n: Number.POSITIVE_INFINITY }];
      await expectStoreError(docs.insertMany(run, ORDERED), 'invalid-document');
      const events = await ctx.fresh<Event>([
        { name: 'by_source', unique: true, fields: { system: 1, eventId: 1 } },
      ]);
      await expectStoreError(
        events.insertMany(
          [{ _id: 'a', system: 's', eventId: 'e' }, { _id: 'b', system: 's' } as Omit<Event, 'version'>],
          ORDERED,
        ),
        'invalid-document',
      );
      expect(await docs.count({})).toBe(0);
      expect(await events.count({})).toBe(0);
    });

    it('refuses an unordered run', async () => {
      const docs = await ctx.fresh<Item>();
      await expectStoreError(
        docs.insertMany(items(0, 2), { ordered: false } as unknown as InsertManyOptions),
        'invalid-query',
      );
      expect(await docs.count({})).toBe(0);
    });

    it('racing runs over overlapping ids insert every id exactly once', async () => {
      const docs = await ctx.fresh<Claimed>();
      const range = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, i) => `r${String(from + i).padStart(4, '0')}`);
      const writers = {
        a: range(0, 300),
        b: range(100, 400),
        c: range(50, 350).reverse(),
      };
      const results = await Promise.all(
        Object.entries(writers).map(async ([by, wanted], w) => ({
          by,
          mine: await insertAll(docs, wanted, by, 7 + 6 * w),
        })),
      );
      const all = range(0, 400);
      const claimed = results.flatMap((r) => r.mine);
      // Each id is reported as inserted by exactly one writer, and stored as that writer's.
      expect([...claimed].sort()).toEqual(all);
      const stored = await docs.find({}, { sort: { _id: 1 } });
      expect(ids(stored)).toEqual(all);
      const owner = new Map(results.flatMap((r) => r.mine.map((id) => [id, r.by] as const)));
      expect(stored.filter((d) => owner.get(d._id) !== d.by)).toEqual([]);
    });
  });
}
