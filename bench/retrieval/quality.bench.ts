/**
 * Retrieval quality on the synthetic plant corpus (bench/retrieval/corpus): nDCG@10 and
 * recall@5 of hybrid (BM25 + vectors fused by the policy the service runs, see
 * RETRIEVAL_FUSION) vs hybrid with plain RRF vs BM25 only vs LangChain's
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
  type CallerContext,
  DEFAULT_FUSION,
  DocumentIngestion,
  type FusionPolicy,
  governedFilter,
  HybridRetriever,
  loadCorpus,
  type RetrievalScope,
  RetrieveService,
  SqliteKnowledgeIndex,
} from '@andon/service-context-retrieval/bench';
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

type Method = 'hybrid' | 'hybridRrf' | 'bm25' | 'memoryVectorStore';
const METHODS: readonly Method[] = ['hybrid', 'hybridRrf', 'bm25', 'memoryVectorStore'];
const zero = (): Record<Method, number> => ({ hybrid: 0, hybridRrf: 0, bm25: 0, memoryVectorStore: 0 });

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
  const report = await new DocumentIngestion(index, embedder.embeddings, { now: () => now }).ingestAll(
    loadCorpus(DOCS_DIR).map((d) => d.document),
  );
  const ingestSeconds = (performance.now() - started) / 1000;
  if (report.failed || report.rejected)
    throw new Error(`corpus ingestion: ${report.failed} failed, ${report.rejected} rejected`);
  const memory = await MemoryVectorBaseline.build(embedder.embeddings, await index.chunksWithEmbeddings());

  const options = { now: () => now, defaultTopK: CANDIDATE_CHUNKS, maxTopK: CANDIDATE_CHUNKS };
  const service = (embeddings: typeof embedder.embeddings | null, fusion?: FusionPolicy) => {
    const retrieve = new RetrieveService(
      new HybridRetriever(index, embeddings, fusion ? { fusion } : {}),
      options,
    );
    return async (q: LabelledQuery) => {
      const r = await retrieve.retrieve({ query: q.text, ...callerFor(q), topK: CANDIDATE_CHUNKS });
      if (!r.ok) throw new Error(`${q.id}: ${r.message}`);
      return r.hits.map((h) => `${h.chunk.documentId}@${h.chunk.revision}`);
    };
  };
  const rank: Record<Method, (q: LabelledQuery) => Promise<string[]>> = {
    // The policy the service runs with this embedder (RETRIEVAL_FUSION=auto unless set).
    hybrid: service(embedder.embeddings, embedder.fusion),
    // The previous default, kept as a named baseline: unweighted RRF, k = 60.
    hybridRrf: service(embedder.embeddings, DEFAULT_FUSION),
    bm25: service(null),
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
      ndcg10: zero(),
      recall5: zero(),
      top3: { hybrid: [], hybridRrf: [], bm25: [], memoryVectorStore: [] },
    };
    for (const m of METHODS) {
      const ranked = distinctInOrder(await rank[m](q));
      row.ndcg10[m] = ndcgAt(10, ranked, q.judgments);
      row.recall5[m] = recallAt(5, ranked, q.judgments);
      row.top3[m] = ranked.slice(0, 3);
    }
    rows.push(row);
  }

  // The convex weights were chosen on the 2nd, 4th, 6th ... query of queries.json; the
  // 1st, 3rd, 5th ... are the held-out half they were not tuned on.
  const groups: [string, (r: PerQuery, i: number) => boolean][] = [
    ['all', () => true],
    ['tuning half (2nd, 4th, ...)', (_, i) => i % 2 === 1],
    ['held-out half (1st, 3rd, ...)', (_, i) => i % 2 === 0],
    ...[...new Set(queries.map((q) => q.category))].map((c): [string, (r: PerQuery) => boolean] => [
      c,
      (r) => r.category === c,
    ]),
  ];
  const summary = groups.map(([category, keep]) => {
    const sel = rows.filter(keep);
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
    `\nHybrid fusion: ${JSON.stringify(embedder.fusion)}; hybrid RRF = ${JSON.stringify(DEFAULT_FUSION)}`,
  );
  console.log(
    '\n| queries | n | nDCG@10 hybrid | hybrid RRF | BM25 | MemoryVectorStore | hybrid / BM25 | RRF / BM25 | recall@5 hybrid / RRF / BM25 / MVS |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const s of summary) {
    const f = (x: number) => x.toFixed(3);
    const r = s.recall5;
    console.log(
      `| ${s.category} | ${s.queries} | ${f(s.ndcg10.hybrid)} | ${f(s.ndcg10.hybridRrf)} | ${f(s.ndcg10.bm25)} | ${f(s.ndcg10.memoryVectorStore)} | ${(s.ndcg10.hybrid / s.ndcg10.bm25).toFixed(3)} | ${(s.ndcg10.hybridRrf / s.ndcg10.bm25).toFixed(3)} | ${f(r.hybrid)} / ${f(r.hybridRrf)} / ${f(r.bm25)} / ${f(r.memoryVectorStore)} |`,
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
