import { loadContextRetrievalConfig } from '../../config/context-retrieval.config';
import { HashingEmbeddings } from '../../embeddings/hashing-embeddings';
import { DEFAULT_FUSION, fusionPolicyFromConfig, type FusionPolicy } from '../../retrieve/fusion-policy';
import type { KnowledgeIndex } from '../knowledge-index.port';
import { CORPUS, harness, operator, type ContractHarness, type IndexFactory } from './contract-fixtures';

export function rankingCases(factory: IndexFactory): void {
  describe('identifier ranking (BM25 only)', () => {
    let index: KnowledgeIndex;
    let h: ContractHarness;

    beforeAll(async () => {
      index = await factory.create({ vectorDims: null });
      h = harness(index);
      await h.ingestion.ingestAll(CORPUS);
    });
    afterAll(() => factory.dispose(index));

    const top = async (query: string) => {
      const result = await h.retrieve.retrieve({
        query,
        caller: operator(['plant-a', 'plant-b']),
        scope: {},
      });
      if (!result.ok) throw new Error(result.message);
      return result.hits;
    };

    // Every press SOP shares the words "press", "stop", "alarm", "maintenance": only the code tells them apart.
    it.each([
      ['A-200', 'SOP-A-030'],
      ['what do I do on alarm A-100 on the press', 'SOP-A-021'],
      ['press alarm A-300', 'MM-A-003'],
      ['seal kit HP-2210', 'MM-A-003'],
      ['a-l1-m2 press alarm', 'SOP-A-030'],
      ['TEMP_HI', 'SOP-B-005'],
      ['b-l3-m1', 'SOP-B-005'],
    ])('ranks the chunk naming %s first', async (query, documentId) => {
      const hits = await top(query);
      expect(hits[0]?.chunk.documentId).toBe(documentId);
      expect(hits[0]?.identifierMatches.length).toBeGreaterThan(0);
    });

    it('does not match a code by its parts ("A-200" is not "A-100")', async () => {
      const hits = await top('A-200');
      const a100 = hits.find((x) => x.chunk.documentId === 'SOP-A-021');
      const a200 = hits.find((x) => x.chunk.documentId === 'SOP-A-030');
      expect(a200).toBeDefined();
      if (a100) expect(a100.score).toBeLessThan(a200?.score ?? 0);
    });
  });

  // Both fusion methods a deployment can select must keep these properties.
  const fusions: [string, FusionPolicy][] = [
    ['reciprocal rank fusion', DEFAULT_FUSION],
    [
      'convex combination, the RETRIEVAL_FUSION=convex defaults',
      fusionPolicyFromConfig(loadContextRetrievalConfig({ RETRIEVAL_FUSION: 'convex' }), true),
    ],
  ];
  describe.each(fusions)('hybrid ranking (BM25 + vectors, %s)', (_name, fusion) => {
    let index: KnowledgeIndex;
    let h: ContractHarness;
    const embeddings = new HashingEmbeddings(256);

    beforeAll(async () => {
      index = await factory.create({ vectorDims: 256 });
      h = harness(index, embeddings, undefined, fusion);
      await h.ingestion.ingestAll(CORPUS);
    });
    afterAll(() => factory.dispose(index));

    const search = async (query: string) => {
      const result = await h.retrieve.retrieve({
        query,
        caller: operator(['plant-a', 'plant-b']),
        scope: {},
        topK: 20,
      });
      if (!result.ok) throw new Error(result.message);
      return result.hits;
    };

    it('stores vectors and reports hits found by both retrievers', async () => {
      const hits = await search('remove the jammed part from the press');
      expect(hits[0]?.chunk.documentId).toBe('SOP-A-014');
      expect(hits[0]?.retriever).toBe('both');
      expect(hits[0]?.ranks.vector?.rank).toBeGreaterThan(0);
      expect(hits[0]?.ranks.bm25?.rank).toBeGreaterThan(0);
    });

    it('finds by vector what BM25 cannot match (a misspelt word), and says so', async () => {
      const hits = await search('overtemprature');
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((x) => x.retriever === 'vector')).toBe(true);
      // Both overtemperature procedures (press and mixer) share most of the word's trigrams.
      expect(['SOP-A-021', 'SOP-B-005']).toContain(hits[0]?.chunk.documentId);
    });

    it('keeps the exact identifier match first even when vectors prefer other chunks', async () => {
      const hits = await search('stop the press and call maintenance A-200');
      expect(hits[0]?.chunk.documentId).toBe('SOP-A-030');
    });

    it('applies metadata filters to the vector retriever too', async () => {
      const result = await h.retrieve.retrieve({
        query: 'overtemprature',
        caller: operator(['plant-b']),
        scope: {},
      });
      if (!result.ok) throw new Error(result.message);
      expect(result.hits.length).toBeGreaterThan(0);
      expect(result.hits.every((x) => x.chunk.site === 'plant-b' || x.chunk.site === '')).toBe(true);
    });
  });
}
