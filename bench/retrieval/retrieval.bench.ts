/**
 * Knowledge index: indexing throughput, query latency with filters and exact-identifier
 * top-1 accuracy. Run from the repository root:
 *
 *   node -r @swc-node/register bench/retrieval/retrieval.bench.ts                       # SQLite only
 *   ELASTICSEARCH_URL=http://127.0.0.1:9200 node -r @swc-node/register bench/retrieval/retrieval.bench.ts
 *
 * Baseline (same run, same chunks, same queries): a brute-force scan in JS that keeps
 * the caller's site, counts how many query words each chunk contains as substrings and
 * returns the ten best. Corpus: BENCH_DOCS synthetic maintenance documents of
 * BENCH_CHUNKS chunks, each chunk naming one unique part number among shared alarm codes,
 * machine ids and a 300-word plant vocabulary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EmbeddingsPort } from '@andon/llm';
import { extractIdentifiers } from '../../services/context-retrieval/src/domain/identifiers';
import type { KnowledgeChunk, StoredRevision } from '../../services/context-retrieval/src/domain/knowledge-chunk';
import { HashingEmbeddings } from '../../services/context-retrieval/src/embeddings/hashing-embeddings';
import { ElasticsearchKnowledgeIndex } from '../../services/context-retrieval/src/knowledge-index/elasticsearch/elasticsearch-knowledge-index.adapter';
import type { KnowledgeIndex } from '../../services/context-retrieval/src/knowledge-index/knowledge-index.port';
import { SqliteKnowledgeIndex } from '../../services/context-retrieval/src/knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { HybridRetriever } from '../../services/context-retrieval/src/retrieve/hybrid-retriever';
import { RetrieveService } from '../../services/context-retrieval/src/retrieve/retrieve.service';

const DOCS = Number(process.env['BENCH_DOCS'] ?? 1_000);
const CHUNKS = Number(process.env['BENCH_CHUNKS'] ?? 10);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 200);
const DIMS = 64;
const NOW = Date.parse('2026-11-20T12:00:00Z');

let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const VOCAB = Array.from({ length: 300 }, (_, i) => `${['seal', 'pump', 'valve', 'guard', 'press', 'mixer', 'filler', 'bearing', 'nozzle', 'heater', 'sensor', 'clamp'][i % 12]}${['', 'ing', 's', 'ed', 'er'][Math.floor(i / 12) % 5]}${i >= 60 ? String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + ((i * 7) % 26)) : ''}`);
const ALARMS = ['A-100', 'A-200', 'A-300', 'A-400', 'TEMP_HI', 'VIB_HI', 'PRESS_LO'];
const SITES = [
  { site: 'plant-a', lines: ['line-1', 'line-2'], prefix: 'a' },
  { site: 'plant-b', lines: ['line-3', 'line-4'], prefix: 'b' },
];

interface Generated {
  revisions: { revision: StoredRevision; chunks: KnowledgeChunk[] }[];
  chunks: KnowledgeChunk[];
}

function generate(): Generated {
  const revisions: Generated['revisions'] = [];
  for (let d = 0; d < DOCS; d++) {
    const s = pick(SITES);
    const line = pick(s.lines);
    const documentId = `MM-${s.prefix.toUpperCase()}-${String(d).padStart(5, '0')}`;
    let text = '';
    const chunks: KnowledgeChunk[] = [];
    for (let c = 0; c < CHUNKS; c++) {
      const machine = `${s.prefix}-l${line.slice(-1)}-m${1 + Math.floor(rand() * 3)}`;
      const words = Array.from({ length: 40 }, () => pick(VOCAB)).join(' ');
      const body = `${c + 1}. On ${pick(ALARMS)} at ${machine} replace part PN-${d}-${c} then ${words}.`;
      const start = text.length;
      text += `${body}\n`;
      chunks.push({
        chunkId: `${documentId}@1#${c}`, documentId, revision: '1', kind: 'document', docType: 'maintenance_manual', title: `Manual ${documentId}`, section: 'Procedure',
        text: body, startOffset: start, endOffset: start + body.length, site: s.site, line, product: '', status: 'approved', effectiveFrom: Date.parse('2026-01-01'),
        effectiveTo: null, supersededBy: null, occurredAt: null, classification: 'internal', owner: 'bench', identifiers: extractIdentifiers(body), embedding: null,
      });
    }
    const revision: StoredRevision = {
      documentId, revision: '1', title: `Manual ${documentId}`, docType: 'maintenance_manual', status: 'approved', effectiveFrom: Date.parse('2026-01-01'), effectiveTo: null,
      supersededBy: null, site: s.site, line, product: '', classification: 'internal', owner: 'bench', contentType: 'text', text, sourceRecordId: documentId, contentHash: documentId, chunkCount: CHUNKS, indexedAt: NOW,
    };
    revisions.push({ revision, chunks });
  }
  return { revisions, chunks: revisions.flatMap((r) => r.chunks) };
}

interface Query {
  text: string;
  site: string;
  target: string;
}

function queries(chunks: KnowledgeChunk[]): Query[] {
  return Array.from({ length: QUERIES }, () => {
    const c = pick(chunks);
    const words = c.text.split(' ').slice(-40);
    const part = /PN-\d+-\d+/.exec(c.text)?.[0] ?? '';
    return { text: `${part} ${pick(words)} ${pick(words)} ${pick(words)}`.replace(/\.$/, ''), site: c.site, target: c.chunkId };
  });
}

function baseline(chunks: KnowledgeChunk[], q: Query): string[] {
  const terms = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  return chunks
    .filter((c) => c.site === q.site)
    .map((c) => {
      const lower = c.text.toLowerCase();
      return { id: c.chunkId, n: terms.filter((t) => lower.includes(t)).length };
    })
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, 10)
    .map((x) => x.id);
}

function percentile(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Row {
  name: string;
  indexChunksPerS?: number;
  p50: number;
  p95: number;
  top1: number;
}

async function measure(name: string, run: (q: Query) => Promise<string[]>, qs: Query[]): Promise<Row> {
  for (const q of qs.slice(0, 10)) await run(q); // warm-up
  const times: number[] = [];
  let hits = 0;
  for (const q of qs) {
    const t = performance.now();
    const ids = await run(q);
    times.push(performance.now() - t);
    if (ids[0] === q.target) hits++;
  }
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), top1: hits / qs.length };
}

async function indexAll(index: KnowledgeIndex, data: Generated, embeddings: EmbeddingsPort | null): Promise<number> {
  const t = performance.now();
  for (const { revision, chunks } of data.revisions) {
    const vectors = embeddings ? await embeddings.embed(chunks.map((c) => c.text)) : null;
    await index.indexRevision(revision, vectors ? chunks.map((c, i) => ({ ...c, embedding: vectors[i] ?? null })) : chunks);
  }
  return data.chunks.length / ((performance.now() - t) / 1000);
}

function searcher(index: KnowledgeIndex, embeddings: EmbeddingsPort | null) {
  const service = new RetrieveService(new HybridRetriever(index, embeddings), { now: () => NOW, defaultTopK: 10 });
  return async (q: Query) => {
    const r = await service.retrieve({ query: q.text, caller: { userId: 'bench', roles: ['operator'], sites: [q.site] }, scope: { site: q.site } });
    return r.ok ? r.hits.map((h) => h.chunk.chunkId) : [];
  };
}

async function main(): Promise<void> {
  const data = generate();
  const qs = queries(data.chunks);
  const embeddings = new HashingEmbeddings(DIMS);
  const rows: Row[] = [await measure('baseline: substring scan (JS)', async (q) => baseline(data.chunks, q), qs)];
  const dir = mkdtempSync(join(tmpdir(), 'retrieval-bench-'));
  try {
    for (const withVectors of [false, true]) {
      const index = new SqliteKnowledgeIndex({ file: join(dir, `bench-${withVectors}.sqlite`), vectorDims: withVectors ? DIMS : null });
      await index.init();
      const rate = await indexAll(index, data, withVectors ? embeddings : null);
      rows.push({ ...(await measure(`SQLite ${withVectors ? `hybrid (BM25 + ${DIMS}-d hashing vectors)` : 'BM25'}`, searcher(index, withVectors ? embeddings : null), qs)), indexChunksPerS: rate });
      if (withVectors) {
        // What exact identifiers get without BM25 and the identifier boost.
        const vectorOnly = async (q: Query) => {
          const [v] = await embeddings.embed([q.text]);
          const hits = await index.vectorSearch(v ?? [], { allowedSites: [q.site], site: q.site, statuses: ['approved'], effectiveAt: NOW, maxClassification: 'internal' }, 10);
          return hits.map((h) => h.chunk.chunkId);
        };
        rows.push(await measure(`SQLite vectors only (${DIMS}-d hashing, no BM25)`, vectorOnly, qs));
      }
      await index.close();
    }
    const url = process.env['ELASTICSEARCH_URL'];
    if (url) {
      for (const withVectors of [false, true]) {
        const index = new ElasticsearchKnowledgeIndex({ node: url, indexPrefix: `bench-${Date.now()}`, vectorDims: withVectors ? DIMS : null });
        await index.init();
        const rate = await indexAll(index, data, withVectors ? embeddings : null);
        rows.push({ ...(await measure(`Elasticsearch ${withVectors ? `hybrid (vectors: ${index.vectorMode})` : 'BM25'}`, searcher(index, withVectors ? embeddings : null), qs)), indexChunksPerS: rate });
        await index.drop();
        await index.close();
      }
    } else {
      console.log('ELASTICSEARCH_URL not set: Elasticsearch rows skipped');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0] as Row;
  console.log(`\n${data.chunks.length} chunks (${DOCS} documents), ${qs.length} queries with a site filter\n`);
  console.log('| path | index chunks/s | p50 ms | p95 ms | p95 vs baseline | top-1 on exact part number |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.indexChunksPerS ? Math.round(r.indexChunksPerS) : '—'} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${(r.p95 / base.p95).toFixed(2)} | ${(r.top1 * 100).toFixed(0)} % |`);
  }
}

void main();
