import { Client } from '@elastic/elasticsearch';
import type { KnowledgeChunk, StoredRevision } from '../../domain/knowledge-chunk';
import type {
  IndexFilter,
  KeywordQuery,
  KnowledgeIndex,
  ScoredChunk,
  SupersedeResult,
} from '../knowledge-index.port';
import { assertDims } from '../vector-dims';
import {
  bulkFailure,
  fromSource,
  MAX_SEARCH,
  revisionId,
  toSource,
  type BulkBody,
  type ChunkSource,
  type SearchBody,
} from './es-documents';
import { chunksTemplate, revisionsTemplate, type VectorMode } from './es-mappings';
import { keywordQuery, vectorQuery, type EsQuery } from './es-query';

export interface ElasticsearchKnowledgeIndexOptions {
  node: string;
  /** Index names are `<prefix>-chunks` and `<prefix>-revisions` (lower case). */
  indexPrefix: string;
  vectorDims?: number | null;
  /** 'auto' (default) uses dense_vector when the server has it, else vectors in _source. */
  vectorMode?: VectorMode | 'auto';
  requestTimeoutMs?: number;
}

/**
 * Distributed knowledge index on Elasticsearch 7.10: BM25 with the english analyser,
 * identifiers as an exact keyword field, dense_vector + script_score cosine similarity
 * over the filtered set, metadata filters as bool filters. Writes wait for a refresh, so
 * what `indexRevision` returns is searchable (the port's visibility promise).
 */
export class ElasticsearchKnowledgeIndex implements KnowledgeIndex {
  readonly engine = 'elasticsearch' as const;
  readonly vectorDims: number | null;
  private readonly client: Client;
  private readonly chunks: string;
  private readonly revisions: string;
  private readonly prefix: string;
  private readonly requestedMode: VectorMode | 'auto';
  private mode: VectorMode = 'dense_vector';

  constructor(options: ElasticsearchKnowledgeIndexOptions) {
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
  get vectorMode(): VectorMode {
    return this.mode;
  }

  async init(): Promise<void> {
    await this.putChunksTemplate();
    await this.client.indices.putIndexTemplate({
      name: `${this.prefix}-revisions`,
      body: revisionsTemplate(this.revisions),
    });
    for (const index of [this.chunks, this.revisions]) {
      const exists = await this.client.indices.exists({ index });
      if (!exists.body) await this.createIndex(index);
    }
  }

  async indexRevision(revision: StoredRevision, chunks: readonly KnowledgeChunk[]): Promise<void> {
    // Only a re-indexed revision can leave stale chunks behind; the bulk refresh below makes the deletes visible too.
    if (await this.getRevision(revision.documentId, revision.revision)) {
      await this.client.deleteByQuery({
        index: this.chunks,
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
    // Revisions are few and must be searchable at once (supersession follows): force a refresh.
    await this.bulkIndex(chunks, true);
    await this.client.index({
      index: this.revisions,
      id: revisionId(revision.documentId, revision.revision),
      body: revision,
      refresh: true,
    });
  }

  async upsertRecords(records: readonly KnowledgeChunk[]): Promise<void> {
    // Records stream in: wait for the periodic refresh instead of forcing one per batch.
    await this.bulkIndex(records, 'wait_for');
  }

  async supersede(documentId: string, byRevision: string, at: number): Promise<SupersedeResult> {
    const open = await this.client.search<SearchBody<StoredRevision>>({
      index: this.revisions,
      size: MAX_SEARCH,
      body: {
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
      },
    });
    const superseded: string[] = [];
    for (const hit of open.body.hits.hits) {
      const stored = hit._source;
      await this.client.updateByQuery({
        index: this.chunks,
        refresh: true,
        body: {
          query: { bool: { filter: [{ term: { documentId } }, { term: { revision: stored.revision } }] } },
          script: {
            source: 'ctx._source.effectiveTo = params.at; ctx._source.supersededBy = params.by',
            params: { at, by: byRevision },
          },
        },
      });
      await this.client.index({
        index: this.revisions,
        id: hit._id,
        body: { ...stored, effectiveTo: at, supersededBy: byRevision },
        refresh: true,
      });
      superseded.push(stored.revision);
    }
    return { superseded: superseded.sort() };
  }

  async getRevision(documentId: string, revision: string): Promise<StoredRevision | null> {
    const res = await this.client.get<{ _source: StoredRevision }>(
      { index: this.revisions, id: revisionId(documentId, revision) },
      { ignore: [404] },
    );
    return res.statusCode === 404 ? null : res.body._source;
  }

  async listRevisions(documentId: string): Promise<StoredRevision[]> {
    const res = await this.client.search<SearchBody<StoredRevision>>({
      index: this.revisions,
      size: MAX_SEARCH,
      body: {
        query: { bool: { filter: [{ term: { documentId } }] } },
        sort: [{ effectiveFrom: 'asc' }, { revision: 'asc' }],
      },
    });
    return res.body.hits.hits.map((h) => h._source);
  }

  async getChunk(chunkId: string): Promise<Omit<KnowledgeChunk, 'embedding'> | null> {
    // A missing chunk and a missing index (nothing indexed yet) both answer 404.
    const res = await this.client.get<{ _source: ChunkSource }>(
      { index: this.chunks, id: chunkId, _source_excludes: ['embedding'] },
      { ignore: [404] },
    );
    return res.statusCode === 404 ? null : fromSource(res.body._source);
  }

  async keywordSearch(query: KeywordQuery, filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    const q = keywordQuery(query, filter);
    if (!q || limit <= 0) return [];
    return this.searchChunks(q, limit, 0);
  }

  async vectorSearch(vector: readonly number[], filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    if (this.vectorDims === null || limit <= 0) return [];
    assertDims(vector, this.vectorDims);
    return this.searchChunks(vectorQuery(vector, filter, this.mode), limit, -1);
  }

  async countChunks(): Promise<number> {
    const res = await this.client.count<{ count: number }>({ index: this.chunks });
    return res.body.count;
  }

  async ping(): Promise<boolean> {
    try {
      const res = await this.client.ping();
      return res.statusCode === 200;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Test and maintenance helper: drops both indices and their templates. */
  async drop(): Promise<void> {
    await this.client.indices.delete({ index: [this.chunks, this.revisions] }, { ignore: [404] });
    for (const name of [`${this.prefix}-chunks`, `${this.prefix}-revisions`])
      await this.client.indices.deleteIndexTemplate({ name }, { ignore: [404] });
  }

  private async putChunksTemplate(): Promise<void> {
    const put = (mode: VectorMode) =>
      this.client.indices.putIndexTemplate({
        name: `${this.prefix}-chunks`,
        body: chunksTemplate(this.chunks, this.vectorDims, mode),
      });
    this.mode = this.requestedMode === 'auto' ? 'dense_vector' : this.requestedMode;
    try {
      await put(this.mode);
    } catch (err) {
      if (
        this.requestedMode !== 'auto' ||
        this.vectorDims === null ||
        !/dense_vector/.test(JSON.stringify((err as { meta?: { body?: unknown } }).meta?.body ?? ''))
      )
        throw err;
      this.mode = 'source';
      await put(this.mode);
    }
  }

  private async createIndex(index: string): Promise<void> {
    // Another replica may create it between our exists() and create(); that is fine.
    await this.client.indices.create({ index }, { ignore: [400] });
  }

  private async searchChunks(query: EsQuery, limit: number, scoreOffset: number): Promise<ScoredChunk[]> {
    const res = await this.client.search<SearchBody<ChunkSource>>({
      index: this.chunks,
      size: Math.min(limit, MAX_SEARCH),
      body: {
        query,
        sort: [{ _score: 'desc' }, { chunkId: 'asc' }],
        track_scores: true,
        _source: { excludes: ['embedding'] },
      },
    });
    return res.body.hits.hits.map((h) => ({
      score: (h._score ?? 0) + scoreOffset,
      chunk: fromSource(h._source),
    }));
  }

  private async bulkIndex(chunks: readonly KnowledgeChunk[], refresh: true | 'wait_for'): Promise<void> {
    if (chunks.length === 0) return;
    const body: Record<string, unknown>[] = [];
    for (const chunk of chunks) {
      body.push({ index: { _index: this.chunks, _id: chunk.chunkId } });
      body.push(toSource(chunk, this.vectorDims));
    }
    const res = await this.client.bulk<BulkBody>({ body, refresh });
    if (res.body.errors) throw bulkFailure(res.body);
  }
}
