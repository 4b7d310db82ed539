import { DocumentStatus } from '@andon/contracts';
import type { KnowledgeIndex } from '../knowledge-index.port';
import {
  DAY,
  doc,
  harness,
  NOW,
  operator,
  qualityEngineer,
  T0,
  type ContractHarness,
  type IndexFactory,
} from './contract-fixtures';

const REV_A = doc({
  id: 'WI-A-007',
  revision: 'A',
  from: T0,
  body: '# Mold change\n\n## Steps\n1. Purge the barrel three times before the mold change.\n2. Torque the clamp bolts to 80 Nm.\n',
});
const REV_B = doc({
  id: 'WI-A-007',
  revision: 'B',
  from: NOW - DAY,
  body: '# Mold change\n\n## Steps\n1. Purge the barrel five times before the mold change.\n2. Torque the clamp bolts to 95 Nm.\n',
});

/**
 * Wraps the adapter under test so a query runs at the one moment that matters: after
 * the new revision's chunks are written and before the old revision is retired.
 */
function probeBeforeSupersede(inner: KnowledgeIndex, probe: () => Promise<void>): KnowledgeIndex {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'supersede') {
        return async (...args: Parameters<KnowledgeIndex['supersede']>) => {
          await probe();
          const result = await target.supersede(...args);
          await probe();
          return result;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function revisionCases(factory: IndexFactory): void {
  describe('revisions', () => {
    let index: KnowledgeIndex;
    let h: ContractHarness;
    const seen: string[][] = [];

    const revisionsFor = async (query: string, scope = {}, caller = operator()) => {
      const result = await h.retrieve.retrieve({ query, caller, scope });
      if (!result.ok) throw new Error(result.message);
      return result.hits.filter((x) => x.chunk.documentId === 'WI-A-007');
    };

    beforeEach(async () => {
      seen.length = 0;
      index = await factory.create({ vectorDims: null });
      h = harness(index, null, (inner) =>
        probeBeforeSupersede(inner, async () => {
          seen.push([
            ...new Set((await revisionsFor('purge the barrel mold change')).map((x) => x.chunk.revision)),
          ]);
        }),
      );
    });
    afterEach(() => factory.dispose(index));

    it('supersedes the old revision without a moment in which no revision answers', async () => {
      await h.ingestion.ingest(REV_A);
      const outcome = await h.ingestion.ingest(REV_B);
      expect(outcome).toMatchObject({ outcome: 'indexed', superseded: ['A'] });
      // Probed after rev A (its own supersede call), then around rev B's: never empty, never both.
      expect(seen.length).toBeGreaterThanOrEqual(4);
      for (const revisions of seen) expect(revisions).toHaveLength(1);
      expect(seen[seen.length - 1]).toEqual(['B']);
      expect((await revisionsFor('purge the barrel')).map((x) => x.chunk.revision)).toEqual(['B']);
      const stored = await index.getRevision('WI-A-007', 'A');
      expect(stored).toMatchObject({ effectiveTo: NOW - DAY, supersededBy: 'B' });
    });

    it('answers an as-of question from the revision effective then', async () => {
      await h.ingestion.ingest(REV_A);
      await h.ingestion.ingest(REV_B);
      const past = await revisionsFor('purge the barrel', { asOf: NOW - 10 * DAY });
      expect(past.map((x) => x.chunk.revision)).toEqual(['A']);
    });

    it('retires correctly when revisions arrive out of order', async () => {
      await h.ingestion.ingest(REV_B);
      const outcome = await h.ingestion.ingest(REV_A);
      expect(outcome.superseded).toEqual([]);
      expect((await revisionsFor('purge the barrel')).map((x) => x.chunk.revision)).toEqual(['B']);
      expect(await index.getRevision('WI-A-007', 'A')).toMatchObject({
        effectiveTo: NOW - DAY,
        supersededBy: 'B',
      });
    });

    it('keeps the current revision in force until a future revision takes effect', async () => {
      await h.ingestion.ingest(REV_A);
      await h.ingestion.ingest(
        doc({
          id: 'WI-A-007',
          revision: 'C',
          from: NOW + 7 * DAY,
          body: '## Steps\n1. Purge the barrel seven times.\n',
        }),
      );
      expect((await revisionsFor('purge the barrel')).map((x) => x.chunk.revision)).toEqual(['A']);
      expect(
        (await revisionsFor('purge the barrel', { asOf: NOW + 8 * DAY })).map((x) => x.chunk.revision),
      ).toEqual(['C']);
    });

    it('shows investigators every revision, superseded ones marked obsolete', async () => {
      await h.ingestion.ingest(REV_A);
      await h.ingestion.ingest(REV_B);
      await h.ingestion.ingest(
        doc({
          id: 'WI-A-007',
          revision: 'C',
          status: DocumentStatus.DRAFT,
          from: NOW,
          body: '## Steps\n1. Purge the barrel seven times.\n',
        }),
      );
      const hits = await revisionsFor('purge the barrel', { includeNonEffective: true }, qualityEngineer());
      const byRevision = Object.fromEntries(
        hits.map((x) => [x.chunk.revision, { status: x.status, effective: x.effective }]),
      );
      expect(byRevision).toEqual({
        A: { status: 'obsolete', effective: false },
        B: { status: 'approved', effective: true },
        C: { status: 'draft', effective: false },
      });
    });

    it('re-indexes a changed revision in place and skips an unchanged one', async () => {
      await h.ingestion.ingest(REV_A);
      expect((await h.ingestion.ingest(REV_A)).outcome).toBe('unchanged');
      const shorter = { ...REV_A, content: Buffer.from('## Steps\n1. Purge the barrel four times.\n') };
      expect(await h.ingestion.ingest(shorter)).toMatchObject({ outcome: 'indexed', chunks: 1 });
      const hits = await revisionsFor('purge the barrel torque clamp bolts');
      expect(hits.map((x) => x.chunk.chunkId)).toEqual(['WI-A-007@A#0']);
      expect(hits[0]?.chunk.text).toContain('four times');
    });
  });
}
