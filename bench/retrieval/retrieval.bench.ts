/**
 * Knowledge index latency with filters at several sizes, indexing throughput and
 * exact-identifier top-1, in one run. From the repository root:
 *
 *   node -r @swc-node/register bench/retrieval/retrieval.bench.ts        # SQLite, 10k and 100k chunks
 *   BENCH_SIZES=10000 ELASTICSEARCH_URL=http://127.0.0.1:9200 node -r @swc-node/register bench/retrieval/retrieval.bench.ts
 *   BENCH_SIZES=10000 OPENSEARCH_URL=http://127.0.0.1:9201 node -r @swc-node/register bench/retrieval/retrieval.bench.ts
 *
 * Every query carries a site, line and document-type filter (the caller's site scope
 * plus scope.line and scope.docTypes) through the governed RetrieveService (operator).
 * Baseline, same run, same chunks, same queries: a brute-force JS scan applying the same
 * filters and ranking by query words contained. Vectors: the hashing embedder at
 * BENCH_DIMS (default 384, the dimension of MiniLM / bge-small) so the vector path costs
 * what a real model's vectors cost; query embedding time is included (negligible for
 * hashing; a real model adds its own inference time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EmbeddingsPort } from '@andon/llm';
import {
  ElasticsearchKnowledgeIndex,
  HashingEmbeddings,
  HybridRetriever,
  type KnowledgeIndex,
  OpenSearchKnowledgeIndex,
  RetrieveService,
  SqliteKnowledgeIndex,
} from '@andon/service-context-retrieval/bench';
import {
  latencyCorpus,
  latencyQueries,
  substringScan,
  type LatencyCorpus,
  type LatencyQuery,
} from './latency-corpus';
import { percentile } from '../bench-stats';

const SIZES = (process.env['BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 300);
const DIMS = Number(process.env['BENCH_DIMS'] ?? 384);
const ES_MAX_CHUNKS = Number(process.env['BENCH_ES_MAX_CHUNKS'] ?? 10_000);
const OS_MAX_CHUNKS = Number(process.env['BENCH_OS_MAX_CHUNKS'] ?? 10_000);
const NOW = Date.parse('2026-11-20T12:00:00Z');

interface Row {
  chunks: number;
  name: string;
  indexChunksPerS?: number;
  p50: number;
  p95: number;
  /** CPU time of this process per query: what the query costs without waiting for a core. */
  cpuP50: number;
  cpuP95: number;
  top1: number;
  /** p95 of this size's baseline. */
  baselineP95: number;
}

async function measure(
  name: string,
  run: (q: LatencyQuery) => Promise<string[]>,
  qs: LatencyQuery[],
): Promise<Omit<Row, 'chunks' | 'baselineP95'>> {
  for (const q of qs.slice(0, 20)) await run(q); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (const q of qs) {
    const t = performance.now();
    const c = process.cpuUsage();
    const ids = await run(q);
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
    if (ids[0] === q.target) hits++;
  }
  return {
    name,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    cpuP50: percentile(cpu, 0.5),
    cpuP95: percentile(cpu, 0.95),
    top1: hits / qs.length,
  };
}

async function indexAll(
  index: KnowledgeIndex,
  data: LatencyCorpus,
  embeddings: EmbeddingsPort | null,
): Promise<number> {
  const t = performance.now();
  for (const { revision, chunks } of data.revisions) {
    const vectors = embeddings ? await embeddings.embed(chunks.map((c) => c.text)) : null;
    await index.indexRevision(
      revision,
      vectors ? chunks.map((c, i) => ({ ...c, embedding: vectors[i] ?? null })) : chunks,
    );
  }
  return data.chunks.length / ((performance.now() - t) / 1000);
}

function searcher(index: KnowledgeIndex, embeddings: EmbeddingsPort | null) {
  const service = new RetrieveService(new HybridRetriever(index, embeddings), {
    now: () => NOW,
    defaultTopK: 10,
  });
  return async (q: LatencyQuery) => {
    const r = await service.retrieve({
      query: q.text,
      caller: { userId: 'bench', roles: ['operator'], sites: [q.site] },
      scope: { site: q.site, line: q.line, docTypes: [q.docType] },
    });
    return r.ok ? r.hits.map((h) => h.chunk.chunkId) : [];
  };
}

async function runSize(size: number, dir: string): Promise<Row[]> {
  const data = latencyCorpus(size);
  const qs = latencyQueries(data.chunks, QUERIES);
  const embeddings = new HashingEmbeddings(DIMS);
  const rows: Omit<Row, 'chunks' | 'baselineP95'>[] = [
    await measure(
      'baseline: substring scan with the same filters (JS)',
      async (q) => substringScan(data.chunks, q),
      qs,
    ),
  ];
  const index = new SqliteKnowledgeIndex({ file: join(dir, `bench-${size}.sqlite`), vectorDims: DIMS });
  await index.init();
  const rate = await indexAll(index, data, embeddings);
  rows.push({ ...(await measure('SQLite BM25 (FTS5)', searcher(index, null), qs)), indexChunksPerS: rate });
  rows.push(
    await measure(
      `SQLite hybrid (BM25 + ${DIMS}-d vectors, RRF + identifier boost)`,
      searcher(index, embeddings),
      qs,
    ),
  );
  const vectorOnly = async (q: LatencyQuery) => {
    const [v] = await embeddings.embed([q.text]);
    const filter = {
      allowedSites: [q.site],
      site: q.site,
      line: q.line,
      docTypes: [q.docType],
      statuses: ['approved' as const],
      effectiveAt: NOW,
      maxClassification: 'internal' as const,
    };
    return (await index.vectorSearch(v ?? [], filter, 10)).map((h) => h.chunk.chunkId);
  };
  rows.push(await measure(`SQLite vectors only (${DIMS}-d, no BM25)`, vectorOnly, qs));
  await index.close();
  const url = process.env['ELASTICSEARCH_URL'];
  if (url && size <= ES_MAX_CHUNKS) {
    const es = new ElasticsearchKnowledgeIndex({
      node: url,
      indexPrefix: `bench-${Date.now()}`,
      vectorDims: DIMS,
    });
    await es.init();
    const esRate = await indexAll(es, data, embeddings);
    rows.push({ ...(await measure('Elasticsearch BM25', searcher(es, null), qs)), indexChunksPerS: esRate });
    rows.push(
      await measure(`Elasticsearch hybrid (vectors: ${es.vectorMode})`, searcher(es, embeddings), qs),
    );
    await es.drop();
    await es.close();
  }
  const osUrl = process.env['OPENSEARCH_URL'];
  if (osUrl && size <= OS_MAX_CHUNKS) {
    const os = new OpenSearchKnowledgeIndex({
      node: osUrl,
      indexPrefix: `bench-${Date.now()}`,
      vectorDims: DIMS,
    });
    await os.init();
    const osRate = await indexAll(os, data, embeddings);
    rows.push({ ...(await measure('OpenSearch BM25', searcher(os, null), qs)), indexChunksPerS: osRate });
    rows.push(await measure(`OpenSearch hybrid (vectors: ${os.vectorMode})`, searcher(os, embeddings), qs));
    await os.drop();
    await os.close();
  }
  const baselineP95 = rows[0]?.p95 ?? 0;
  return rows.map((r) => ({ ...r, chunks: data.chunks.length, baselineP95 }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'retrieval-bench-'));
  const rows: Row[] = [];
  try {
    for (const size of SIZES) rows.push(...(await runSize(size, dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!process.env['ELASTICSEARCH_URL']) console.log('ELASTICSEARCH_URL not set: Elasticsearch rows skipped');
  if (!process.env['OPENSEARCH_URL']) console.log('OPENSEARCH_URL not set: OpenSearch rows skipped');
  console.log(
    `\n${QUERIES} queries per size, each with a site + line + document-type filter; 3 sites, 6 lines, 6 types`,
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')} (${cpus().length} cores)\n`,
  );
  console.log(
    '| chunks | path | index chunks/s | p50 ms | p95 ms | p95 / baseline | CPU ms p50 / p95 | top-1 on exact part number |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.chunks} | ${r.name} | ${r.indexChunksPerS ? Math.round(r.indexChunksPerS) : '—'} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${(r.p95 / r.baselineP95).toFixed(2)} | ${r.cpuP50.toFixed(2)} / ${r.cpuP95.toFixed(2)} | ${(r.top1 * 100).toFixed(0)} % |`,
    );
  }
  const largest = rows.filter(
    (r) => r.chunks === Math.max(...rows.map((x) => x.chunks)) && r.name.startsWith('SQLite hybrid'),
  );
  for (const r of largest)
    console.log(
      `\nTarget embedded hybrid p95 <= 25 ms at ${r.chunks} chunks with filters: ${r.p95 <= 25 ? 'met' : 'NOT met'} (${r.p95.toFixed(2)} ms)`,
    );
  console.log(`\n${JSON.stringify({ dims: DIMS, queries: QUERIES, rows })}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
