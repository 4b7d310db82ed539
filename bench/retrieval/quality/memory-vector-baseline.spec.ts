import {
  DocumentIngestion,
  governedFilter,
  HashingEmbeddings,
  loadCorpus,
  SqliteKnowledgeIndex,
} from '@andon/service-context-retrieval/bench';
import { EVAL_NOW, QUERY_SPECS } from '../corpus/corpus-queries';
import { DOCS_DIR } from '../corpus/generate-corpus';
import { chunkMatches, MemoryVectorBaseline, RecordingKnowledgeIndex } from './memory-vector-baseline';

// The MemoryVectorStore baseline is only a fair comparison if its filter predicate keeps
// exactly the chunks the SQLite adapter's SQL filter keeps, for every query's caller.
describe('MemoryVectorBaseline filter', () => {
  const now = Date.parse(EVAL_NOW);
  const embeddings = new HashingEmbeddings(16);
  const index = new RecordingKnowledgeIndex(new SqliteKnowledgeIndex({ file: ':memory:', vectorDims: 16 }));

  beforeAll(async () => {
    await index.init();
    const report = await new DocumentIngestion(index, embeddings, { now: () => now }).ingestAll(
      loadCorpus(DOCS_DIR).map((d) => d.document),
    );
    expect(report.failed + report.rejected).toBe(0);
  });
  afterAll(() => index.close());

  it('keeps the same chunks as the SQLite filter for every labelled query', async () => {
    const all = await index.chunksWithEmbeddings();
    expect(all.length).toBeGreaterThan(500);
    const probe = all[0]?.embedding ?? [];
    for (const q of QUERY_SPECS) {
      const decision = governedFilter(
        { userId: 'spec', roles: [q.role], sites: q.scope?.site ? [q.scope.site] : ['*'] },
        { site: q.scope?.site, line: q.scope?.line, includeNonEffective: q.includeNonEffective ?? false },
        'retrieve',
        now,
      );
      if (!decision.ok) throw new Error(decision.message);
      const sql = (await index.vectorSearch(probe, decision.filter, 100_000))
        .map((h) => h.chunk.chunkId)
        .sort();
      const predicate = all
        .filter((c) => chunkMatches(c.chunk, decision.filter))
        .map((c) => c.chunk.chunkId)
        .sort();
      expect({ query: q.id, chunks: predicate }).toEqual({ query: q.id, chunks: sql });
    }
  });

  it('ranks by cosine similarity with the vectors ingestion stored', async () => {
    const all = await index.chunksWithEmbeddings();
    const baseline = await MemoryVectorBaseline.build(embeddings, all);
    const target = all.find((c) => c.chunk.documentId === 'WI-C-099')?.chunk;
    if (!target) throw new Error('WI-C-099 not ingested');
    // Ingestion embeds title, section and text; the same string gets the same vector.
    const query = `${target.title}\n${target.section}\n${target.text}`;
    const filter = { allowedSites: 'all' as const, maxClassification: 'restricted' as const };
    const [top] = await baseline.search(query, filter, 1);
    expect(top?.chunkId).toBe(target.chunkId);
    const [elsewhere] = await baseline.search(query, { ...filter, site: 'plant-a' }, 1);
    expect(elsewhere?.site).toBe('plant-a');
  });
});
