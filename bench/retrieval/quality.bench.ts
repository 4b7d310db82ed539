/**
 * Retrieval quality on the synthetic plant corpus (bench/retrieval/corpus): nDCG@10 and
 * recall@5 of hybrid (BM25 + vectors, RRF + identifier boost) vs BM25 only vs LangChain's
 * MemoryVectorStore, same corpus, same queries, same embedder, one run. Run from the
 * repository root:
 *
 *   node -r @swc-node/register bench/retrieval/quality.bench.ts
 *   BENCH_EMBEDDER=minilm node -r @swc-node/register bench/retrieval/quality.bench.ts
 *
 * BENCH_EMBEDDER is any EMBEDDINGS value the service accepts (`hashing` by default;
 * `openai` = the configured OpenAI-compatible endpoint). The corpus is ingested by the
 * service's own DocumentIngestion into the embedded SQLite adapter; every method answers
 * under the same governed filter (the query's role, site/line scope, revisions in force
 * unless the query is an investigation). Metrics are per document revision (a revision's
 * chunks count once, at the first rank); recall@5 counts revisions graded >= 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  governedFilter,
  type CallerContext,
  type RetrievalScope,
} from '../../services/context-retrieval/src/domain/access-policy';
import { loadCorpus } from '../../services/context-retrieval/src/ingest-documents/corpus-loader';
import { DocumentIngestion } from '../../services/context-retrieval/src/ingest-documents/document-ingestion.service';
import { SqliteKnowledgeIndex } from '../../services/context-retrieval/src/knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { HybridRetriever } from '../../services/context-retrieval/src/retrieve/hybrid-retriever';
import { RetrieveService } from '../../services/context-retrieval/src/retrieve/retrieve.service';
import { CORPUS_DIR, DOCS_DIR } from './corpus/generate-corpus';
import type { LabelledQuery } from './corpus/corpus-queries';
import { resolveBenchEmbedder } from './quality/bench-embedder';
import { distinctInOrder, mean, ndcgAt, recallAt } from './quality/ir-metrics';
import { MemoryVectorBaseline, RecordingKnowledgeIndex } from './quality/memory-vector-baseline';

/** Chunks asked of every method; enough that ten distinct revisions are usually among them. */
const CANDIDATE_CHUNKS = 50;

interface QueryFile {
  evaluatedAt: string;
  queries: LabelledQuery[];
}

type Method = 'hybrid' | 'bm25' | 'memoryVectorStore';
const METHODS: readonly Method[] = ['hybrid', 'bm25', 'memoryVectorStore'];

interface PerQuery {
  id: string;
  category: string;
  ndcg10: Record<Method, number>;
  recall5: Record<Method, number>;
  top3: Record<Method, string[]>;
}

function callerFor(q: LabelledQuery): { caller: CallerContext; scope: RetrievalScope } {
  return {
    caller: { userId: `bench-${q.role}`, roles: [q.role], sites: q.scope.site ? [q.scope.site] : ['*'] },
    scope: { site: q.scope.site, line: q.scope.line, includeNonEffective: q.includeNonEffective },
  };
}

async function main(): Promise<void> {
  const { evaluatedAt, queries } = JSON.parse(
    readFileSync(join(CORPUS_DIR, 'queries.json'), 'utf8'),
  ) as QueryFile;
  const now = Date.parse(evaluatedAt);
  const embedder = await resolveBenchEmbedder();
  const index = new RecordingKnowledgeIndex(
    new SqliteKnowledgeIndex({ file: ':memory:', vectorDims: embedder.dims }),
  );
  await index.init();

  const started = performance.now();
  const report = await new DocumentIngestion({
    index,
    embeddings: embedder.embeddings,
    now: () => now,
  }).ingestAll(loadCorpus(DOCS_DIR).map((d) => d.document));
  const ingestSeconds = (performance.now() - started) / 1000;
  if (report.failed || report.rejected)
    throw new Error(`corpus ingestion: ${report.failed} failed, ${report.rejected} rejected`);
  const memory = await MemoryVectorBaseline.build(embedder.embeddings, await index.chunksWithEmbeddings());

  const options = { now: () => now, defaultTopK: CANDIDATE_CHUNKS, maxTopK: CANDIDATE_CHUNKS };
  const hybrid = new RetrieveService(new HybridRetriever(index, embedder.embeddings), options);
  const bm25 = new RetrieveService(new HybridRetriever(index, null), options);
  const rank: Record<Method, (q: LabelledQuery) => Promise<string[]>> = {
    hybrid: async (q) => {
      const r = await hybrid.retrieve({ query: q.text, ...callerFor(q), topK: CANDIDATE_CHUNKS });
      if (!r.ok) throw new Error(`${q.id}: ${r.message}`);
      return r.hits.map((h) => `${h.chunk.documentId}@${h.chunk.revision}`);
    },
    bm25: async (q) => {
      const r = await bm25.retrieve({ query: q.text, ...callerFor(q), topK: CANDIDATE_CHUNKS });
      if (!r.ok) throw new Error(`${q.id}: ${r.message}`);
      return r.hits.map((h) => `${h.chunk.documentId}@${h.chunk.revision}`);
    },
    memoryVectorStore: async (q) => {
      const { caller, scope } = callerFor(q);
      const decision = governedFilter(caller, scope, 'retrieve', now);
      if (!decision.ok) throw new Error(`${q.id}: ${decision.message}`);
      return (await memory.search(q.text, decision.filter, CANDIDATE_CHUNKS)).map(
        (c) => `${c.documentId}@${c.revision}`,
      );
    },
  };

  const rows: PerQuery[] = [];
  for (const q of queries) {
    const row: PerQuery = {
      id: q.id,
      category: q.category,
      ndcg10: { hybrid: 0, bm25: 0, memoryVectorStore: 0 },
      recall5: { hybrid: 0, bm25: 0, memoryVectorStore: 0 },
      top3: { hybrid: [], bm25: [], memoryVectorStore: [] },
    };
    for (const m of METHODS) {
      const ranked = distinctInOrder(await rank[m](q));
      row.ndcg10[m] = ndcgAt(10, ranked, q.judgments);
      row.recall5[m] = recallAt(5, ranked, q.judgments);
      row.top3[m] = ranked.slice(0, 3);
    }
    rows.push(row);
  }

  const categories = ['all', ...new Set(queries.map((q) => q.category))];
  const summary = categories.map((category) => {
    const sel = rows.filter((r) => category === 'all' || r.category === category);
    const by = (metric: 'ndcg10' | 'recall5') =>
      Object.fromEntries(METHODS.map((m) => [m, mean(sel.map((r) => r[metric][m]))])) as Record<
        Method,
        number
      >;
    return { category, queries: sel.length, ndcg10: by('ndcg10'), recall5: by('recall5') };
  });

  const chunks = await index.countChunks();
  console.log(
    `\nCorpus: ${report.total} revisions, ${chunks} chunks, ingested in ${ingestSeconds.toFixed(1)} s; ${queries.length} queries; embedder: ${embedder.description}`,
  );
  console.log(
    '\n| queries | n | nDCG@10 hybrid | nDCG@10 BM25 | nDCG@10 MemoryVectorStore | hybrid / BM25 | recall@5 hybrid | recall@5 BM25 | recall@5 MemoryVectorStore |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of summary) {
    const f = (x: number) => x.toFixed(3);
    console.log(
      `| ${s.category} | ${s.queries} | ${f(s.ndcg10.hybrid)} | ${f(s.ndcg10.bm25)} | ${f(s.ndcg10.memoryVectorStore)} | ${(s.ndcg10.hybrid / s.ndcg10.bm25).toFixed(2)} | ${f(s.recall5.hybrid)} | ${f(s.recall5.bm25)} | ${f(s.recall5.memoryVectorStore)} |`,
    );
  }
  const overall = summary[0];
  console.log(
    `\nTarget hybrid nDCG@10 >= 1.05 x BM25-only: ${overall && overall.ndcg10.hybrid >= 1.05 * overall.ndcg10.bm25 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `\n${JSON.stringify({ embedder: embedder.description, corpus: { revisions: report.total, chunks }, summary, ...(process.env['BENCH_PER_QUERY'] ? { perQuery: rows } : {}) })}`,
  );
  await index.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
