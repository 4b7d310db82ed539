import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import type { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import type { EmbeddingsPort } from '@andon/llm';
import {
  classificationRank,
  type IndexFilter,
  type KeywordQuery,
  type KnowledgeChunk,
  type KnowledgeIndex,
  type ScoredChunk,
  type StoredRevision,
  type SupersedeResult,
} from '@andon/service-context-retrieval/bench';

type Chunk = Omit<KnowledgeChunk, 'embedding'>;

/** Our embeddings port as a LangChain Embeddings, so the store embeds queries with the same model. */
class PortEmbeddings extends Embeddings {
  constructor(private readonly port: EmbeddingsPort) {
    super({});
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.port.embed(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    const [v] = await this.port.embed([document]);
    if (!v) throw new Error('embedder returned no vector');
    return v;
  }
}

/** The IndexFilter semantics of the adapters (sqlite-filter.ts), as a predicate over one chunk. */
export function chunkMatches(c: Chunk, f: IndexFilter): boolean {
  if (f.allowedSites !== 'all' && c.site !== '' && !f.allowedSites.includes(c.site)) return false;
  if (f.site && c.site !== f.site && c.site !== '') return false;
  if (f.line && c.line !== f.line && c.line !== '') return false;
  if (f.product && c.product !== f.product && c.product !== '') return false;
  if (f.revision && c.revision !== f.revision) return false;
  if (f.documentId && c.documentId !== f.documentId) return false;
  if (f.docTypes && !f.docTypes.includes(c.docType)) return false;
  if (f.kinds && !f.kinds.includes(c.kind)) return false;
  if (f.statuses && !f.statuses.includes(c.status)) return false;
  if (
    f.effectiveAt !== undefined &&
    (c.effectiveFrom > f.effectiveAt || (c.effectiveTo !== null && c.effectiveTo <= f.effectiveAt))
  )
    return false;
  if (f.occurredFrom !== undefined || f.occurredTo !== undefined) {
    if (c.kind !== 'record' || c.occurredAt === null) return false;
    if (f.occurredFrom !== undefined && c.occurredAt < f.occurredFrom) return false;
    if (f.occurredTo !== undefined && c.occurredAt > f.occurredTo) return false;
  }
  return classificationRank(c.classification) <= classificationRank(f.maxClassification);
}

/**
 * The baseline the issue names: LangChain's MemoryVectorStore (exact cosine over every
 * vector, metadata filter as a predicate) holding the same chunks and the same vectors
 * as the SQLite index, under the same governed filter.
 */
export class MemoryVectorBaseline {
  private constructor(private readonly store: MemoryVectorStore) {}

  static async build(
    embeddings: EmbeddingsPort,
    chunks: readonly { chunk: Chunk; embedding: number[] }[],
  ): Promise<MemoryVectorBaseline> {
    const store = new MemoryVectorStore(new PortEmbeddings(embeddings));
    await store.addVectors(
      chunks.map((c) => c.embedding),
      chunks.map((c) => ({ pageContent: c.chunk.text, metadata: { chunk: c.chunk } })),
    );
    return new MemoryVectorBaseline(store);
  }

  /** Chunks best first. */
  async search(query: string, filter: IndexFilter, k: number): Promise<Chunk[]> {
    const docs = await this.store.similaritySearch(query, k, (d: Document) =>
      chunkMatches((d.metadata as { chunk: Chunk }).chunk, filter),
    );
    return docs.map((d) => (d.metadata as { chunk: Chunk }).chunk);
  }
}

/**
 * Forwards to a real index and keeps each chunk's embedding as ingestion computed it,
 * so the MemoryVectorStore baseline gets the very vectors the SQLite index holds.
 */
export class RecordingKnowledgeIndex implements KnowledgeIndex {
  readonly embeddingsByChunk = new Map<string, number[]>();

  constructor(private readonly inner: KnowledgeIndex) {}

  get engine(): KnowledgeIndex['engine'] {
    return this.inner.engine;
  }

  get vectorDims(): number | null {
    return this.inner.vectorDims;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  indexRevision(revision: StoredRevision, chunks: readonly KnowledgeChunk[]): Promise<void> {
    for (const c of chunks) if (c.embedding) this.embeddingsByChunk.set(c.chunkId, c.embedding);
    return this.inner.indexRevision(revision, chunks);
  }

  upsertRecords(records: readonly KnowledgeChunk[]): Promise<void> {
    return this.inner.upsertRecords(records);
  }

  supersede(documentId: string, byRevision: string, at: number): Promise<SupersedeResult> {
    return this.inner.supersede(documentId, byRevision, at);
  }

  getRevision(documentId: string, revision: string): Promise<StoredRevision | null> {
    return this.inner.getRevision(documentId, revision);
  }

  listRevisions(documentId: string): Promise<StoredRevision[]> {
    return this.inner.listRevisions(documentId);
  }

  getChunk(chunkId: string): Promise<Chunk | null> {
    return this.inner.getChunk(chunkId);
  }

  keywordSearch(query: KeywordQuery, filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    return this.inner.keywordSearch(query, filter, limit);
  }

  vectorSearch(vector: readonly number[], filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    return this.inner.vectorSearch(vector, filter, limit);
  }

  countChunks(): Promise<number> {
    return this.inner.countChunks();
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Every recorded chunk as the index holds it now (windows closed by supersession), with its vector. */
  async chunksWithEmbeddings(): Promise<{ chunk: Chunk; embedding: number[] }[]> {
    const out: { chunk: Chunk; embedding: number[] }[] = [];
    for (const [chunkId, embedding] of this.embeddingsByChunk) {
      const chunk = await this.inner.getChunk(chunkId);
      if (chunk) out.push({ chunk, embedding });
    }
    return out;
  }
}
