import type { DocumentCollection, Filter } from '../ports/document-store.port';
import { type ContractContext, type Item, expectStoreError, ids } from './contract-context';

const FIXTURE: Array<Omit<Item, 'version'>> = [
  {
    _id: 'i1',
    kind: 'alarm',
    n: 1,
    flag: true,
    status: 'open',
    at: '2024-05-01T08:00:00Z',
    meta: { site: 'S1', line: { no: 1 } },
  },
  {
    _id: 'i2',
    kind: 'alarm',
    n: 5,
    flag: false,
    status: 'closed',
    at: '2024-05-02T08:00:00Z',
    meta: { site: 'S2', line: { no: 2 } },
  },
  { _id: 'i3', kind: 'work_order', n: 10, status: 'open', at: '2024-05-03T08:00:00Z', meta: { site: 'S1' } },
  { _id: 'i4', kind: 'work_order', n: null, flag: true, at: '2024-05-04T08:00:00Z' },
  { _id: 'i5', kind: 'deviation', n: '5', status: 'open' },
  { _id: 'i6', kind: 'deviation', n: 7.5, flag: false, meta: { site: 'S3', line: { no: 2 } } },
  { _id: 'i7', kind: 'ncr', n: true },
];

export function describeQueryContract(ctx: ContractContext): void {
  describe('find, count and sort', () => {
    let items: DocumentCollection<Item>;
    const find = async (filter: Filter) => ids(await items.find(filter, { sort: { _id: 1 } }));

    beforeAll(async () => {
      items = await ctx.fresh<Item>([
        { name: 'by_kind_n', fields: { kind: 1, n: -1 } },
        { name: 'by_site', fields: { 'meta.site': 1 } },
      ]);
      // Inserted out of order so that an unsorted result would show.
      for (const doc of [...FIXTURE].reverse()) expect(await items.insert(doc)).toBe('inserted');
    });

    it('matches scalar equality with Mongo typing', async () => {
      expect(await find({ kind: 'alarm' })).toEqual(['i1', 'i2']);
      expect(await find({ n: 5 })).toEqual(['i2']);
      expect(await find({ n: '5' })).toEqual(['i5']);
      expect(await find({ n: 7.5 })).toEqual(['i6']);
      expect(await find({ flag: true })).toEqual(['i1', 'i4']);
      expect(await find({ n: true })).toEqual(['i7']);
      expect(await find({ n: 1 })).toEqual(['i1']);
      expect(await find({ flag: false })).toEqual(['i2', 'i6']);
    });

    it('lets null match null and missing', async () => {
      expect(await find({ n: null })).toEqual(['i4']);
      expect(await find({ status: null })).toEqual(['i4', 'i6', 'i7']);
      expect(await find({ 'meta.line.no': null })).toEqual(['i3', 'i4', 'i5', 'i7']);
    });

    it('follows dotted paths', async () => {
      expect(await find({ 'meta.site': 'S1' })).toEqual(['i1', 'i3']);
      expect(await find({ 'meta.line.no': 2 })).toEqual(['i2', 'i6']);
      expect(await find({ 'meta.site': 'S1', 'meta.line.no': 1 })).toEqual(['i1']);
    });

    it('supports $in, including null and the empty list', async () => {
      expect(await find({ kind: { $in: ['ncr', 'deviation'] } })).toEqual(['i5', 'i6', 'i7']);
      expect(await find({ n: { $in: [1, '5', 10] } })).toEqual(['i1', 'i3', 'i5']);
      expect(await find({ 'meta.site': { $in: ['S3', null] } })).toEqual(['i4', 'i5', 'i6', 'i7']);
      expect(await find({ kind: { $in: [] } })).toEqual([]);
      expect(await find({ _id: { $in: ['i2', 'i7', 'zz'] } })).toEqual(['i2', 'i7']);
    });

    it('supports a $in of thousands of values (a batch of ids)', async () => {
      const many = Array.from({ length: 3_000 }, (_, i) => `x${i}`);
      expect(await find({ _id: { $in: [...many, 'i3', 'i6'] } })).toEqual(['i3', 'i6']);
      expect(await find({ kind: { $in: [...many, 'ncr'] } })).toEqual(['i7']);
      expect(await find({ n: { $in: [...many, 7.5, null] } })).toEqual(['i4', 'i6']);
    });

    it('supports $gt, $gte, $lt, $lte without crossing types', async () => {
      expect(await find({ n: { $gt: 1 } })).toEqual(['i2', 'i3', 'i6']);
      expect(await find({ n: { $gte: 1, $lte: 5 } })).toEqual(['i1', 'i2']);
      expect(await find({ n: { $lt: 7.5 } })).toEqual(['i1', 'i2']);
      expect(await find({ n: { $gte: '0' } })).toEqual(['i5']);
      expect(await find({ at: { $gte: '2024-05-02', $lt: '2024-05-04' } })).toEqual(['i2', 'i3']);
      expect(await find({ 'meta.line.no': { $lte: 1 } })).toEqual(['i1']);
      expect(await find({ version: { $gte: 1 } })).toHaveLength(FIXTURE.length);
    });

    it('supports $exists (null counts as present)', async () => {
      expect(await find({ flag: { $exists: true } })).toEqual(['i1', 'i2', 'i4', 'i6']);
      expect(await find({ n: { $exists: true } })).toEqual(['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7']);
      expect(await find({ 'meta.line': { $exists: false } })).toEqual(['i3', 'i4', 'i5', 'i7']);
      expect(await find({ 'meta.line.no': { $exists: true }, kind: 'deviation' })).toEqual(['i6']);
    });

    it('sorts by one or more fields, including dotted paths', async () => {
      const numeric = { n: { $in: [1, 5, 10, 7.5] } };
      expect(ids(await items.find(numeric, { sort: { n: -1 } }))).toEqual(['i3', 'i6', 'i2', 'i1']);
      expect(
        ids(await items.find({ kind: { $in: ['alarm', 'work_order'] } }, { sort: { kind: -1, n: 1 } })),
      ).toEqual(['i4', 'i3', 'i1', 'i2']);
      expect(ids(await items.find({ flag: { $exists: true } }, { sort: { flag: 1, _id: 1 } }))).toEqual([
        'i2',
        'i6',
        'i1',
        'i4',
      ]);
      expect(ids(await items.find({}, { sort: { 'meta.line.no': -1, _id: -1 } }))).toEqual([
        'i6',
        'i2',
        'i1',
        'i7',
        'i5',
        'i4',
        'i3',
      ]);
      expect(ids(await items.find({}, { sort: { at: 1, _id: 1 } }))).toEqual([
        'i5',
        'i6',
        'i7',
        'i1',
        'i2',
        'i3',
        'i4',
      ]);
    });

    it('pages with skip and limit', async () => {
      const page = (skip: number, limit?: number) =>
        items.find({}, { sort: { _id: 1 }, skip, ...(limit === undefined ? {} : { limit }) });
      expect(ids(await page(0, 3))).toEqual(['i1', 'i2', 'i3']);
      expect(ids(await page(3, 3))).toEqual(['i4', 'i5', 'i6']);
      expect(ids(await page(6, 3))).toEqual(['i7']);
      expect(ids(await page(5))).toEqual(['i6', 'i7']);
      expect(await page(0, 0)).toEqual([]);
    });

    it('counts', async () => {
      expect(await items.count({})).toBe(FIXTURE.length);
      expect(await items.count({ kind: 'work_order' })).toBe(2);
      expect(await items.count({ 'meta.site': 'S1', status: 'open' })).toBe(2);
      expect(await items.count({ kind: 'none' })).toBe(0);
    });

    it('refuses conditions the port does not define', async () => {
      const bad: unknown[] = [
        { $where: 'true' },
        { 'a..b': 1 },
        { n: { $ne: 1 } },
        { n: {} },
        { n: { $gt: 1, $in: [1] } },
        { n: { $in: 'x' } },
        { n: { $in: [{ a: 1 }] } },
        { n: { $gt: null } },
        { n: { $gt: true } },
        { n: { $exists: 1 } },
        { n: [1] },
        { n: Number.POSITIVE_INFINITY },
      ];
      for (const filter of bad) {
        const attempt = items.find(filter as Filter);
        await expect(attempt).rejects.toMatchObject({ name: 'DocumentStoreError' });
      }
      await expectStoreError(items.find({}, { limit: -1 }), 'invalid-query');
      await expectStoreError(items.find({}, { skip: 1.5 }), 'invalid-query');
      await expectStoreError(items.find({}, { sort: { n: 2 as 1 } }), 'invalid-query');
      await expectStoreError(items.count({ n: { $lt: Number.NaN } }), 'invalid-query');
      await expectStoreError(
        items.deleteMany({ n: { $regex: '.*' } as unknown as Filter[string] }),
        'invalid-query',
      );
      expect(await items.count({})).toBe(FIXTURE.length);
    });
  });
}
