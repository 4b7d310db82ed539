import type {
  ChunkKind,
  Classification,
  DocStatus,
  DocType,
  KnowledgeChunk,
  StoredRevision,
} from '../domain/knowledge-chunk';

/**
 * Metadata filters every search applies inside the engine, before ranking, so that a
 * chunk the caller may not see never takes a rank (or a place in a model's prompt).
 * Governance (services' access policy) builds it; adapters only translate it.
 */
export interface IndexFilter {
  /**
   * Sites whose chunks may be returned, or 'all'. Chunks scoped to no site
   * (enterprise-wide, site '') are returned to every caller.
   */
  allowedSites: readonly string[] | 'all';
  /** A chunk scoped to a line (product) matches; so does one scoped to every line (''). */
  site?: string;
  line?: string;
  product?: string;
  revision?: string;
  documentId?: string;
  docTypes?: readonly DocType[];
  kinds?: readonly ChunkKind[];
  statuses?: readonly DocStatus[];
  /** Only chunks whose effective window contains this instant (epoch ms). */
  effectiveAt?: number;
  /** Records only: occurredAt within [occurredFrom, occurredTo]. Documents are excluded when set. */
  occurredFrom?: number;
  occurredTo?: number;
  /** Highest classification returned. */
  maxClassification: Classification;
}

export interface KeywordQuery {
  /** The user's words, analysed by the engine (BM25). */
  text: string;
  /** Normalised identifiers found in the query (extractIdentifiers), matched exactly and boosted. */
  identifiers: readonly string[];
}

/** A chunk as a search returns it (without its embedding), with the engine's own score. */
export interface ScoredChunk {
  chunk: Omit<KnowledgeChunk, 'embedding'>;
  score: number;
}

export interface SupersedeResult {
  /** Revisions whose effective window was closed by this call. */
  superseded: string[];
}

/**
 * The knowledge index port: BM25 and vector search over chunks with metadata filters,
 * plus the full text of each revision. OpenSearch, Elasticsearch and SQLite (FTS5 +
 * sqlite-vec) implement it and pass one contract suite (`contract/knowledge-index.contract.ts`).
 */
export interface KnowledgeIndex {
  readonly engine: 'opensearch' | 'elasticsearch' | 'sqlite';
  /** Dimension of stored vectors, or null when the index holds none (vector retriever off). */
  readonly vectorDims: number | null;
  /** Creates tables / index templates; idempotent. */
  init(): Promise<void>;
  /**
   * Stores a revision and its chunks, replacing chunks of the same revision left over
   * from an earlier indexing of it. Visible to searches when the promise resolves.
   */
  indexRevision(revision: StoredRevision, chunks: readonly KnowledgeChunk[]): Promise<void>;
  /** Upserts operational records (one chunk each, keyed by chunkId). */
  upsertRecords(records: readonly KnowledgeChunk[]): Promise<void>;
  /**
   * Closes the effective window of every other revision of `documentId` that is still
   * open at `at` (effectiveTo = at, supersededBy = byRevision). Called only after the
   * new revision is searchable, so there is never an instant without an effective one.
   */
  supersede(documentId: string, byRevision: string, at: number): Promise<SupersedeResult>;
  getRevision(documentId: string, revision: string): Promise<StoredRevision | null>;
  listRevisions(documentId: string): Promise<StoredRevision[]>;
  /**
   * One chunk by id (without its embedding), or null. Unfiltered: callers apply the
   * access policy themselves (record click-through).
   */
  getChunk(chunkId: string): Promise<Omit<KnowledgeChunk, 'embedding'> | null>;
  keywordSearch(query: KeywordQuery, filter: IndexFilter, limit: number): Promise<ScoredChunk[]>;
  /** Cosine similarity over the filtered set, best first; empty when vectorDims is null. */
  vectorSearch(vector: readonly number[], filter: IndexFilter, limit: number): Promise<ScoredChunk[]>;
  countChunks(): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
