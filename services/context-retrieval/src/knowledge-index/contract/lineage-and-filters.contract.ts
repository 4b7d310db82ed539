import { DocumentStatus } from '@andon/contracts';
import type { KnowledgeIndex } from '../knowledge-index.port';
import {
  CORPUS,
  doc,
  harness,
  operator,
  qualityEngineer,
  type ContractHarness,
  type IndexFactory,
} from './contract-fixtures';

export function lineageAndFilterCases(factory: IndexFactory): void {
  describe('lineage and metadata filters', () => {
    let index: KnowledgeIndex;
    let h: ContractHarness;

    beforeAll(async () => {
      index = await factory.create({ vectorDims: null });
      h = harness(index);
      const report = await h.ingestion.ingestAll(CORPUS);
      expect(report.failed + report.rejected).toBe(0);
    });
    afterAll(() => factory.dispose(index));

    const hitsFor = async (query: string, scope = {}, caller = operator(['plant-a', 'plant-b'])) => {
      const result = await h.retrieve.retrieve({ query, caller, scope });
      if (!result.ok) throw new Error(result.message);
      return result.hits;
    };

    it('gives every hit its document, revision, chunk, offsets into the stored text, score and retriever', async () => {
      const hits = await hitsFor('remove the jammed part from the press');
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0]?.chunk.documentId).toBe('SOP-A-014');
      for (const hit of hits) {
        const stored = await index.getRevision(hit.chunk.documentId, hit.chunk.revision);
        expect(stored).not.toBeNull();
        expect(stored?.text.slice(hit.chunk.startOffset, hit.chunk.endOffset)).toBe(hit.chunk.text);
        expect(hit.chunk.chunkId).toMatch(new RegExp(`^${hit.chunk.documentId}@${hit.chunk.revision}#\\d+$`));
        expect(hit.score).toBeGreaterThan(0);
        // No embeddings configured: BM25 is the only retriever.
        expect(hit.retriever).toBe('bm25');
        expect(hit.ranks.bm25?.rank).toBeGreaterThan(0);
        expect(hit.status).toBe('approved');
      }
    });

    it('filters by site and keeps enterprise-wide documents', async () => {
      const hits = await hitsFor('stop and hold the batch lot', { site: 'plant-b' });
      const ids = new Set(hits.map((x) => x.chunk.documentId));
      expect(ids.has('SOP-B-005')).toBe(true);
      expect(ids.has('SOP-Q-001')).toBe(true);
      expect([...ids].every((id) => id === 'SOP-B-005' || id === 'SOP-Q-001')).toBe(true);
    });

    it('filters by line, keeping documents that apply to every line', async () => {
      const hits = await hitsFor('press check', { site: 'plant-a', line: 'line-2' });
      const ids = new Set(hits.map((x) => x.chunk.documentId));
      expect(ids.has('SOP-A-040')).toBe(true);
      for (const id of ['SOP-A-014', 'SOP-A-021', 'SOP-A-030', 'MM-A-003']) expect(ids.has(id)).toBe(false);
    });

    it('filters by product', async () => {
      const hits = await hitsFor('press', { product: 'PX-200' });
      const ids = new Set(hits.map((x) => x.chunk.documentId));
      expect(ids.has('SOP-A-040')).toBe(true);
      expect(ids.has('SOP-A-014')).toBe(false);
    });

    it('filters by document type', async () => {
      const hits = await hitsFor('press pump seal', { docTypes: ['maintenance_manual'] });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((x) => x.chunk.docType === 'maintenance_manual')).toBe(true);
    });

    it('returns no hit for words no document contains', async () => {
      expect(await hitsFor('zeppelin xylophone')).toEqual([]);
    });

    it('filters by revision for investigators', async () => {
      await h.ingestion.ingest(
        doc({
          id: 'WI-A-007',
          revision: 'A',
          status: DocumentStatus.OBSOLETE,
          body: '## Changeover\n1. Purge the press barrel three times.\n',
        }),
      );
      await h.ingestion.ingest(
        doc({
          id: 'WI-A-007',
          revision: 'B',
          body: '## Changeover\n1. Purge the press barrel five times.\n',
        }),
      );
      const result = await h.retrieve.retrieve({
        query: 'purge the press barrel',
        caller: qualityEngineer(),
        scope: { includeNonEffective: true, revision: 'A', documentId: 'WI-A-007' },
      });
      if (!result.ok) throw new Error(result.message);
      expect(result.hits.map((x) => `${x.chunk.documentId}@${x.chunk.revision}`)).toEqual(['WI-A-007@A']);
      expect(result.hits[0]?.status).toBe('obsolete');
    });
  });
}
