import type { IndexSpec, Versioned } from '../ports/document-store.port';
import { type ContractContext, type Item, expectStoreError } from './contract-context';

interface Keyed extends Versioned {
  source: { system: string; eventId: string };
  site: string;
  line: string;
  label?: string | null;
}

export function describeWriteContract(ctx: ContractContext): void {
  describe('insert and get', () => {
    it('round-trips nested JSON and starts at version 1', async () => {
      const items = await ctx.fresh<Item>();
      const doc = {
        _id: 'a1',
        kind: 'alarm',
        n: 2.5,
        flag: false,
        tags: ['x', 'y'],
        meta: { site: 'S1', line: { no: 3 } },
      };
      expect(await items.insert(doc)).toBe('inserted');
      expect(await items.get('a1')).toEqual({ ...doc, version: 1 });
      expect(await items.get('missing')).toBeNull();
    });

    it('stores a copy: later changes to the caller object do not leak in', async () => {
      const items = await ctx.fresh<Item>();
      const doc = { _id: 'c1', kind: 'k', tags: ['a'] };
      await items.insert(doc);
      doc.tags.push('b');
      expect((await items.get('c1'))?.tags).toEqual(['a']);
    });

    it('ignores a caller-supplied version and drops undefined fields', async () => {
      const items = await ctx.fresh<Item>();
      await items.insert({ _id: 'v1', kind: 'k', version: 7, status: undefined } as unknown as Item);
      const stored = await items.get('v1');
      expect(stored).toEqual({ _id: 'v1', kind: 'k', version: 1 });
      expect(stored && 'status' in stored).toBe(false);
    });

    it('rejects what is not plain JSON', async () => {
      const items = await ctx.fresh<Item>();
      await expectStoreError(
        items.insert({ _id: 'd', kind: new Date() as unknown as string }),
        'invalid-document',
      );
      await expectStoreError(items.insert({ _id: 'n', kind: 'k', n: Number.NaN }), 'invalid-document');
      await expectStoreError(items.insert({ _id: '', kind: 'k' }), 'invalid-document');
      await expectStoreError(
        items.insert({ _id: 'op', kind: 'k', meta: { $where: 'x' } as unknown as Item['meta'] }),
        'invalid-document',
      );
      expect(await items.count({})).toBe(0);
    });

    it("reports an existing _id as 'duplicate' and keeps the original", async () => {
      const items = await ctx.fresh<Item>();
      expect(await items.insert({ _id: 'dup', kind: 'first' })).toBe('inserted');
      expect(await items.insert({ _id: 'dup', kind: 'second' })).toBe('duplicate');
      expect((await items.get('dup'))?.kind).toBe('first');
    });
  });

  describe('unique indexes', () => {
    const indexes: IndexSpec[] = [
      { name: 'by_source', unique: true, fields: { 'source.system': 1, 'source.eventId': 1 } },
      { name: 'by_site_line', fields: { site: 1, line: -1 } },
    ];
    const keyed = (id: string, system: string, eventId: string): Omit<Keyed, 'version'> => ({
      _id: id,
      source: { system, eventId },
      site: 'S1',
      line: 'L1',
    });

    it("enforces a compound unique index on dotted paths as 'duplicate'", async () => {
      const events = await ctx.fresh<Keyed>(indexes);
      expect(await events.insert(keyed('e1', 'mes', '42'))).toBe('inserted');
      expect(await events.insert(keyed('e2', 'mes', '43'))).toBe('inserted');
      expect(await events.insert(keyed('e3', 'erp', '42'))).toBe('inserted');
      expect(await events.insert(keyed('e4', 'mes', '42'))).toBe('duplicate');
      expect(await events.get('e4')).toBeNull();
      expect(await events.count({})).toBe(3);
    });

    it('requires unique-indexed fields on every document', async () => {
      const events = await ctx.fresh<Keyed>(indexes);
      const missing = { _id: 'm1', source: { system: 'mes' }, site: 'S1', line: 'L1' } as unknown as Keyed;
      await expectStoreError(events.insert(missing), 'invalid-document');
      expect(await events.count({})).toBe(0);
    });

    it('accepts the same declaration again and refuses a changed one', async () => {
      const store = ctx.store();
      await store.collection<Keyed>('contract_reopened', indexes);
      const again = await store.collection<Keyed>('contract_reopened', indexes);
      expect(await again.insert(keyed('r1', 'mes', '1'))).toBe('inserted');
      const changed: IndexSpec[] = [{ name: 'by_source', unique: true, fields: { 'source.eventId': 1 } }];
      await expectStoreError(store.collection<Keyed>('contract_reopened', changed), 'index-conflict');
      const reversed: IndexSpec[] = [
        { name: 'by_source', unique: true, fields: { 'source.system': -1, 'source.eventId': 1 } },
      ];
      await expectStoreError(store.collection<Keyed>('contract_reopened', reversed), 'index-conflict');
      const notUnique: IndexSpec[] = [
        { name: 'by_source', fields: { 'source.system': 1, 'source.eventId': 1 } },
      ];
      await expectStoreError(store.collection<Keyed>('contract_reopened', notUnique), 'index-conflict');
    });

    it('refuses invalid collection and index names', async () => {
      const store = ctx.store();
      for (const bad of [
        'Upper',
        'with-dash',
        'x"; drop table y; --',
        '_lead',
        'double__under',
        'a'.repeat(49),
        '',
      ]) {
        await expectStoreError(store.collection(bad), 'invalid-name');
      }
      await expectStoreError(
        store.collection('fine', [{ name: 'Bad Name', fields: { a: 1 } }]),
        'invalid-name',
      );
      await expectStoreError(
        store.collection('fine', [{ name: 'ok', fields: { "a') --": 1 } }]),
        'invalid-name',
      );
    });
  });

  describe('compareAndSet', () => {
    const seed = async () => {
      const items = await ctx.fresh<Item>();
      await items.insert({
        _id: 'x',
        kind: 'action',
        status: 'pending',
        n: 1,
        meta: { site: 'S1', line: { no: 1 } },
      });
      return items;
    };

    it('sets top-level fields, bumps the version and keeps other fields', async () => {
      const items = await seed();
      const next = await items.compareAndSet('x', 1, { status: 'approved', meta: { site: 'S2' } });
      const expected = {
        _id: 'x',
        kind: 'action',
        status: 'approved',
        n: 1,
        meta: { site: 'S2' },
        version: 2,
      };
      expect(next).toEqual(expected);
      expect(await items.get('x')).toEqual(expected);
      const third = await items.compareAndSet('x', 2, { n: null, tags: ['t'] });
      expect(third).toEqual({ ...expected, n: null, tags: ['t'], version: 3 });
    });

    it('returns null and changes nothing on a stale version or a missing document', async () => {
      const items = await seed();
      expect(await items.compareAndSet('x', 2, { status: 'approved' })).toBeNull();
      expect(await items.compareAndSet('nope', 1, { status: 'approved' })).toBeNull();
      expect(await items.get('x')).toMatchObject({ status: 'pending', version: 1 });
    });

    it('applies the guard', async () => {
      const items = await seed();
      expect(await items.compareAndSet('x', 1, { status: 'approved' }, { status: 'rejected' })).toBeNull();
      expect(
        await items.compareAndSet('x', 1, { status: 'approved' }, { 'meta.line.no': { $gte: 2 } }),
      ).toBeNull();
      expect(await items.get('x')).toMatchObject({ status: 'pending', version: 1 });
      const won = await items.compareAndSet(
        'x',
        1,
        { status: 'approved' },
        { status: 'pending', 'meta.site': { $in: ['S1'] } },
      );
      expect(won).toMatchObject({ status: 'approved', version: 2 });
    });

    it('treats an empty patch as a version bump and skips undefined values', async () => {
      const items = await seed();
      expect(await items.compareAndSet('x', 1, {})).toMatchObject({ status: 'pending', version: 2 });
      expect(await items.compareAndSet('x', 2, { status: undefined, n: 5 })).toMatchObject({
        status: 'pending',
        n: 5,
        version: 3,
      });
    });

    it('refuses patches of store-owned fields and guards on them', async () => {
      const items = await seed();
      await expectStoreError(
        items.compareAndSet('x', 1, { version: 9 } as unknown as Partial<Item>),
        'invalid-document',
      );
      await expectStoreError(
        items.compareAndSet('x', 1, { _id: 'y' } as unknown as Partial<Item>),
        'invalid-document',
      );
      await expectStoreError(items.compareAndSet('x', 1, {}, { version: 1 }), 'invalid-query');
      await expectStoreError(items.compareAndSet('x', 0, {}), 'invalid-query');
      expect(await items.get('x')).toMatchObject({ version: 1 });
    });

    it('throws duplicate-key when the patch would break a unique index, and changes nothing', async () => {
      const events = await ctx.fresh<Keyed>([
        { name: 'by_label', unique: true, fields: { site: 1, label: 1 } },
      ]);
      await events.insert({
        _id: 'a',
        source: { system: 's', eventId: '1' },
        site: 'S1',
        line: 'L',
        label: 'one',
      });
      await events.insert({
        _id: 'b',
        source: { system: 's', eventId: '2' },
        site: 'S1',
        line: 'L',
        label: 'two',
      });
      await expectStoreError(events.compareAndSet('b', 1, { label: 'one' }), 'duplicate-key');
      await expectStoreError(events.compareAndSet('b', 1, { label: null }), 'invalid-document');
      expect(await events.get('b')).toMatchObject({ label: 'two', version: 1 });
      expect(await events.compareAndSet('b', 1, { label: 'three' })).toMatchObject({
        label: 'three',
        version: 2,
      });
    });
  });

  describe('deleteMany', () => {
    it('deletes only matching documents, returns how many, and frees their _id', async () => {
      const items = await ctx.fresh<Item>();
      for (const [id, at] of [
        ['w1', '2024-01-01'],
        ['w2', '2024-02-01'],
        ['w3', '2024-03-01'],
      ] as const) {
        await items.insert({ _id: id, kind: 'window', at });
      }
      expect(await items.deleteMany({ at: { $lt: '2024-02-15' } })).toBe(2);
      expect(await items.deleteMany({ at: { $lt: '2024-02-15' } })).toBe(0);
      expect((await items.find({})).map((d) => d._id)).toEqual(['w3']);
      expect(await items.insert({ _id: 'w1', kind: 'again' })).toBe('inserted');
      expect(await items.get('w1')).toEqual({ _id: 'w1', kind: 'again', version: 1 });
    });
  });
}
