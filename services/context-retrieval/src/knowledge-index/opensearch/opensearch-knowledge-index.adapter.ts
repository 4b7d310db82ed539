import { Client } from '@opensearch-project/opensearch';
import type { KnowledgeChunk, StoredRevision } from '../../domain/knowledge-chunk';
import {
  bulkFailure,
  fromSource,
  MAX_SEARCH,
  revisionId,
  toSource,
  type BulkBody,
  type ChunkSource,
  type SearchBody,
} from '../elasticsearch/es-documents';
import { revisionsTemplate } from '../elasticsearch/es-mappings';
import { keywordQuery, type EsQuery } from '../elasticsearch/es-query';
import type {
  IndexFilter,
  KeywordQuery,
  KnowledgeIndex,
  ScoredChunk,
  SupersedeResult,
} from '../knowledge-index.port';
import { assertDims } from '../vector-dims';
import { openSearchChunksTemplate, type OpenSearchVectorMode } from './os-mappings';
import { cosineFromScore, isZeroVector, openSearchVectorQuery } from './os-query';

export interface OpenSearchKnowledgeIndexOptions {
  node: string;
  /** Index names are `<prefix>-chunks` and `<prefix>-revisions` (lower case). */
  indexPrefix: string;
  vectorDims?: number | null;
  /** 'auto' (default) uses the k-NN plugin's knn_vector when the node has it, else vectors in _source. */
  vectorMode?: OpenSearchVectorMode | 'auto';
  requestTimeoutMs?: number;
}

interface Request {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  path: string;
  body?: Record<string, unknown>;
  bulkBody?: Record<string, unknown>[];
  querystring?: Record<string, string | number | boolean>;
}

/**
 * Distributed knowledge index on OpenSearch 2.x/3.x through `@opensearch-project/opensearch`.
 * OpenSearch forked Elasticsearch 7.10, so mappings, the BM25 query and the governed
 * filter clauses are the Elasticsearch adapter's; vectors differ (see os-mappings.ts).
 * Requests go through the client's transport with our own typed bodies, the one query
 * DSL both engines share. Writes wait for a refresh like the Elasticsearch adapter.
 */
export class OpenSearchKnowledgeIndex implements KnowledgeIndex {
  readonly engine = 'opensearch' as const;
  readonly vectorDims: number | null;
  private readonly client: Client;
  private readonly chunks: string;
  private readonly revisions: string;
  private readonly prefix: string;
  private readonly requestedMode: OpenSearchVectorMode | 'auto';
  private mode: OpenSearchVectorMode = 'knn';

  constructor(options: OpenSearchKnowledgeIndexOptions) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(options.indexPrefix))
      throw new Error(`index prefix "${options.indexPrefix}" must be lower-case letters, digits, - or _`);
    this.vectorDims = options.vectorDims ?? null;
    this.client = new Client({ node: options.node, requestTimeout: options.requestTimeoutMs ?? 30_000 });
    this.prefix = options.indexPrefix;
    this.requestedMode = options.vectorMode ?? 'auto';
    this.chunks = `${options.indexPrefix}-chunks`;
    this.revisions = `${options.indexPrefix}-revisions`;
  }

  /** How vectors are stored and scored; known after init(). */
  get vectorMode(): OpenSearchVectorMode {
    return this.mode;
  }

  async init(): Promise<void> {
    this.mode =
      this.requestedMode === 'auto' ? ((await this.hasKnnPlugin()) ? 'knn' : 'source') : this.requestedMode;
    await this.call({
      method: 'PUT',
      path: `/_index_template/${this.prefix}-chunks`,
      body: openSearchChunksTemplate(this.chunks, this.vectorDims, this.mode),
    });
    await this.call({
      method: 'PUT',
      path: `/_index_template/${this.prefix}-revisions`,
      body: revisionsTemplate(this.revisions),
    });
    for (const index of [this.chunks, this.revisions]) {
      // Another replica may create it between our check and create(): 400 is fine.
      if ((await this.call({ method: 'HEAD', path: `/${index}` }, [404])).statusCode === 404)
        await this.call({ method: 'PUT', path: `/${index}` }, [400]);
    }
  }

  async indexRevision(revision: StoredRevision, chunks: readonly KnowledgeChunk[]): Promise<void> {
    if (await this.getRevision(revision.documentId, revision.revision)) {
      await this.call({
        method: 'POST',
        path: `/${this.chunks}/_delete_by_query`,
        body: {
          query: {
            bool: {
              filter: [
                { term: { documentId: revision.documentId } },
                { term: { revision: revision.revision } },
              ],
              must_not: [{ terms: { chunkId: chunks.map((c) => c.chunkId) } }],
            },
          },
        },
      });
    }
    await this.bulkIndex(chunks, true);
    await this.call({
      method: 'PUT',
      path: `/${this.revisions}/_doc/${encodeURIComponent(revisionId(revision.documentId, revision.revision))}`,
      body: { ...revision },
      querystring: { refresh: true },
    });
  }

  async upsertRecords(records: readonly KnowledgeChunk[]): Promise<void> {
    await this.bulkIndex(records, 'wait_for');
  }

  async supersede(documentId: string, byRevision: string, at: number): Promise<SupersedeResult> {
    const open = await this.search<StoredRevision>(this.revisions, {
      size: MAX_SEARCH,
      query: {
        bool: {
          filter: [
            { term: { documentId } },
            { range: { effectiveFrom: { lt: at } } },
            {
              bool: {
                should: [
                  { bool: { must_not: { exists: { field: 'effectiveTo' } } } },
                  { range: { effectiveTo: { gt: at } } },
                ],
                minimum_should_match: 1,
              },
            },
          ],
          must_not: [{ term: { revision: byRevision } }],
        },
      },
    });
    const superseded: string[] = [];
    for (const hit of open.hits.hits) {
      const stored = hit._source;
      await this.call({
        method: 'POST',
        path: `/${this.chunks}/_update_by_query`,
        querystring: { refresh: true },
        body: {
          query: { bool: { filter: [{ term: { documentId } }, { term: { revision: stored.revision } }] } },
          script: {
            source: 'ctx._source.effectiveTo = params.at; ctx._source.supersededBy = params.by',
            params: { at, by: byRevision },
          },
        },
      });
      await this.call({
        method: 'PUT',
        path: `/${this.revisions}/_doc/${encodeURIComponent(hit._id)}`,
        body: { ...stored, effectiveTo: at, supersededBy: byRevision },
        querystring: { refresh: true },
      });
      superseded.push(stored.revision);
    }
    return { superseded: superseded.sort() };
  }

  async getRevision(documentId: string, revision: string): Promise<StoredRevision | null> {
    const res = await this.call(
      {
        method: 'GET',
        path: `/${this.revisions}/_doc/${encodeURIComponent(revisionId(documentId, revision))}`,
      },
      [404],
    );
    return res.statusCode === 404 ? null : (res.body as { _source: StoredRevision })._source;
  }

  async listRevisions(documentId: string): Promise<StoredRevision[]> {
    const res = await this.search<StoredRevision>(this.revisions, {
      size: MAX_SEARCH,
      query: { bool: { filter: [{ term: { documentId } }] } },
      sort: [{ effectiveFrom: 'asc' }, { revision: 'asc' }],
    });
    return res.hits.hits.map((h) => h._source);
  }

  async getChunk(chunkId: string): Promise<Omit<KnowledgeChunk, 'embedding'> | null> {
    const res = await this.call(
      {
        method: 'GET',
        path: `/${this.chunks}/_doc/${encodeURIComponent(chunkId)}`,
        querystring: { _source_excludes: 'embedding' },
      },
      [404],
    );
    return res.statusCode === 404 ? null : fromSource((res.body as { _source: ChunkSource })._source);
  }

  async keywordSearch(query: KeywordQuery, filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    const q = keywordQuery(query, filter);
    if (!q || limit <= 0) return [];
    const res = await this.searchChunks(q, limit);
    return res.map((h) => ({ score: h._score ?? 0, chunk: fromSource(h._source) }));
  }

  async vectorSearch(vector: readonly number[], filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    if (this.vectorDims === null || limit <= 0) return [];
    assertDims(vector, this.vectorDims);
    if (this.mode === 'knn' && isZeroVector(vector)) return [];
    const k = Math.min(limit, MAX_SEARCH);
    const res = await this.searchChunks(openSearchVectorQuery(vector, filter, k, this.mode), k);
    return res.map((h) => ({
      score: cosineFromScore(h._score ?? 0, this.mode),
      chunk: fromSource(h._source),
    }));
  }

  async countChunks(): Promise<number> {
    const res = await this.call({ method: 'GET', path: `/${this.chunks}/_count` });
    return (res.body as { count: number }).count;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.call({ method: 'HEAD', path: '/' })).statusCode === 200;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Test and maintenance helper: drops both indices and their templates. */
  async drop(): Promise<void> {
    await this.call({ method: 'DELETE', path: `/${this.chunks},${this.revisions}` }, [404]);
    for (const name of [`${this.prefix}-chunks`, `${this.prefix}-revisions`])
      await this.call({ method: 'DELETE', path: `/_index_template/${name}` }, [404]);
  }

  /** The k-NN plugin is listed by name in a distribution and by class in an embedded node. */
  private async hasKnnPlugin(): Promise<boolean> {
    const res = await this.call({ method: 'GET', path: '/_cat/plugins', querystring: { format: 'json' } });
    return (res.body as { component: string }[]).some((p) => /(^opensearch-knn$|\.knn\.)/.test(p.component));
  }

  private async searchChunks(
    query: EsQuery,
    limit: number,
  ): Promise<SearchBody<ChunkSource>['hits']['hits']> {
    const res = await this.search<ChunkSource>(this.chunks, {
      size: Math.min(limit, MAX_SEARCH),
      query,
      sort: [{ _score: 'desc' }, { chunkId: 'asc' }],
      track_scores: true,
      _source: { excludes: ['embedding'] },
    });
    return res.hits.hits;
  }

  private async search<S>(index: string, body: Record<string, unknown>): Promise<SearchBody<S>> {
    return (await this.call({ method: 'POST', path: `/${index}/_search`, body })).body as SearchBody<S>;
  }

  private async bulkIndex(chunks: readonly KnowledgeChunk[], refresh: true | 'wait_for'): Promise<void> {
    if (chunks.length === 0) return;
    const bulkBody: Record<string, unknown>[] = [];
    // Lucene's cosine HNSW refuses an all-zero vector; it has no direction to rank by anyway.
    const storable = this.mode === 'knn' ? (v: readonly number[]) => !isZeroVector(v) : undefined;
    for (const chunk of chunks) {
      bulkBody.push({ index: { _index: this.chunks, _id: chunk.chunkId } });
      bulkBody.push(toSource(chunk, this.vectorDims, storable));
    }
    const res = await this.call({ method: 'POST', path: '/_bulk', bulkBody, querystring: { refresh } });
    const body = res.body as BulkBody;
    if (body.errors) throw bulkFailure(body);
  }

  private async call(
    request: Request,
    ignore: number[] = [],
  ): Promise<{ statusCode: number | null; body: unknown }> {
    const res = await this.client.transport.request(request, { ignore });
    return { statusCode: res.statusCode, body: res.body as unknown };
  }
}
