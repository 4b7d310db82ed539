import Database from 'better-sqlite3';
import { load as loadSqliteVec } from 'sqlite-vec';
import { CLASSIFICATIONS, type KnowledgeChunk, type StoredRevision } from '../../domain/knowledge-chunk';
import { compactIdentifier } from '../../domain/identifiers';
import type {
  IndexFilter,
  KeywordQuery,
  KnowledgeIndex,
  ScoredChunk,
  SupersedeResult,
} from '../knowledge-index.port';
import { assertDims } from '../vector-dims';
import { filterSql, matchExpression, scopeText, type SqlParam } from './sqlite-filter';
import { asError, SqliteReadWorker } from './sqlite-read-worker';
import { createSchema } from './sqlite-schema';

interface ChunkRow {
  rowid: number;
  chunk_id: string;
  document_id: string;
  revision: string;
  kind: KnowledgeChunk['kind'];
  doc_type: KnowledgeChunk['docType'];
  title: string;
  section: string;
  text: string;
  start_offset: number;
  end_offset: number;
  site: string;
  line: string;
  product: string;
  status: KnowledgeChunk['status'];
  effective_from: number;
  effective_to: number | null;
  superseded_by: string | null;
  occurred_at: number | null;
  classification_rank: number;
  owner: string;
  identifiers: string;
  score: number;
}

const CHUNK_COLUMNS = `c.rowid, c.chunk_id, c.document_id, c.revision, c.kind, c.doc_type, c.title, c.section, c.text,
  c.start_offset, c.end_offset, c.site, c.line, c.product, c.status, c.effective_from, c.effective_to,
  c.superseded_by, c.occurred_at, c.classification_rank, c.owner, c.identifiers`;

// Column weights for bm25(): title, section, body, idents. An exact identifier match
// outweighs any number of shared common words.
const BM25_WEIGHTS = '2.0, 1.5, 1.0, 10.0, 0.0';

export interface SqliteKnowledgeIndexOptions {
  /** A file path, or ':memory:'. */
  file: string;
  /** Dimension of the embeddings to store; null/undefined stores none. */
  vectorDims?: number | null;
  /**
   * Bytes of the file mapped into memory (PRAGMA mmap_size); default 1 GiB. Reads of a
   * mapped page are a memory access instead of a pread() into SQLite's small page cache,
   * which at 100k chunks made a filtered keyword query 5-10x slower. Address space only:
   * the OS keeps just the pages touched, and can drop them.
   */
  mmapBytes?: number;
  /**
   * Run keyword queries on a read-only connection in a worker thread (default: true for a
   * file), so a hybrid search ranks BM25 there while vectors are ranked here. Ignored for
   * ':memory:', which no second connection can see.
   */
  readWorker?: boolean;
}

/**
 * Embedded knowledge index: chunks in a plain table (metadata filters are ordinary SQL),
 * FTS5 for BM25, and vectors as float32 blobs ranked with sqlite-vec's
 * vec_distance_cosine over the filtered rows (exact search, filter first).
 */
export class SqliteKnowledgeIndex implements KnowledgeIndex {
  readonly engine = 'sqlite' as const;
  readonly vectorDims: number | null;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly file: string;
  private readonly mmapBytes: number;
  private readonly useReadWorker: boolean;
  private reader: SqliteReadWorker | undefined;
  /** Why the read worker stopped being used (keyword queries then run on this connection). */
  readWorkerError: Error | undefined;

  constructor(options: SqliteKnowledgeIndexOptions) {
    this.vectorDims = options.vectorDims ?? null;
    this.file = options.file;
    this.mmapBytes = Math.max(0, Math.floor(options.mmapBytes ?? 2 ** 30));
    this.db = new Database(options.file);
    const inMemory = options.file === ':memory:' || options.file === '';
    this.useReadWorker = !inMemory && (options.readWorker ?? true);
    if (!inMemory) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma(`mmap_size = ${this.mmapBytes}`);
    }
    loadSqliteVec(this.db);
  }

  async init(): Promise<void> {
    createSchema(this.db);
  }

  /** Statements are compiled once: indexing 100k chunks prepared four per chunk before. */
  private stmt<P extends unknown[] = SqlParam[], R = unknown>(sql: string): Database.Statement<P, R> {
    let s = this.statements.get(sql);
    if (!s) {
      // Search SQL varies with the filter's shape; a bound keeps odd callers from growing it forever.
      if (this.statements.size >= 256) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as unknown as Database.Statement<P, R>;
  }

  async indexRevision(revision: StoredRevision, chunks: readonly KnowledgeChunk[]): Promise<void> {
    this.db.transaction(() => {
      const keep = new Set(chunks.map((c) => c.chunkId));
      const stale = this.stmt<[string, string], { rowid: number; chunk_id: string }>(
        'SELECT rowid, chunk_id FROM chunks WHERE document_id = ? AND revision = ?',
      )
        .all(revision.documentId, revision.revision)
        .filter((r) => !keep.has(r.chunk_id));
      for (const r of stale) this.deleteRow(r.rowid);
      for (const chunk of chunks) this.upsertChunk(chunk);
      this.stmt(
        'INSERT INTO revisions (document_id, revision, doc) VALUES (?, ?, ?) ON CONFLICT (document_id, revision) DO UPDATE SET doc = excluded.doc',
      ).run(revision.documentId, revision.revision, JSON.stringify(revision));
    })();
  }

  async upsertRecords(records: readonly KnowledgeChunk[]): Promise<void> {
    this.db.transaction(() => {
      for (const record of records) this.upsertChunk(record);
    })();
  }

  async supersede(documentId: string, byRevision: string, at: number): Promise<SupersedeResult> {
    return this.db.transaction(() => {
      const open = this.db
        .prepare<[string, string, number, number], { revision: string; doc: string }>(
          `SELECT revision, doc FROM revisions WHERE document_id = ? AND revision != ?
             AND json_extract(doc, '$.effectiveFrom') < ?
             AND (json_extract(doc, '$.effectiveTo') IS NULL OR json_extract(doc, '$.effectiveTo') > ?)`,
        )
        .all(documentId, byRevision, at, at);
      for (const row of open) {
        const stored = JSON.parse(row.doc) as StoredRevision;
        this.db
          .prepare('UPDATE revisions SET doc = ? WHERE document_id = ? AND revision = ?')
          .run(
            JSON.stringify({ ...stored, effectiveTo: at, supersededBy: byRevision }),
            documentId,
            row.revision,
          );
        this.db
          .prepare(
            'UPDATE chunks SET effective_to = ?, superseded_by = ? WHERE document_id = ? AND revision = ?',
          )
          .run(at, byRevision, documentId, row.revision);
      }
      return { superseded: open.map((r) => r.revision).sort() };
    })();
  }

  async getRevision(documentId: string, revision: string): Promise<StoredRevision | null> {
    const row = this.db
      .prepare<[string, string], { doc: string }>(
        'SELECT doc FROM revisions WHERE document_id = ? AND revision = ?',
      )
      .get(documentId, revision);
    return row ? (JSON.parse(row.doc) as StoredRevision) : null;
  }

  async listRevisions(documentId: string): Promise<StoredRevision[]> {
    return this.db
      .prepare<[string], { doc: string }>('SELECT doc FROM revisions WHERE document_id = ?')
      .all(documentId)
      .map((r) => JSON.parse(r.doc) as StoredRevision)
      .sort((a, b) => a.effectiveFrom - b.effectiveFrom || a.revision.localeCompare(b.revision));
  }

  async getChunk(chunkId: string): Promise<Omit<KnowledgeChunk, 'embedding'> | null> {
    const row = this.db
      .prepare<[string], ChunkRow>(`SELECT ${CHUNK_COLUMNS}, 0 AS score FROM chunks c WHERE c.chunk_id = ?`)
      .get(chunkId);
    return row ? toChunk(row) : null;
  }

  async keywordSearch(query: KeywordQuery, filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    const match = matchExpression(query, filter);
    if (!match || limit <= 0) return [];
    const where = filterSql(filter);
    const sql = topThenColumns(
      `SELECT c.rowid AS hit_rowid, c.chunk_id AS hit_id, -bm25(chunk_terms, ${BM25_WEIGHTS}) AS hit_score
         FROM chunk_terms JOIN chunks c ON c.rowid = chunk_terms.rowid
        WHERE chunk_terms MATCH ? AND ${where.sql}`,
    );
    const params: SqlParam[] = [match, ...where.params, limit];
    const reader = this.readWorker();
    if (reader) {
      try {
        return (await reader.all<ChunkRow>(sql, params)).map(toScored);
      } catch (err) {
        // Same answer from this connection; the worker is not used again.
        this.readWorkerError = asError(err);
      }
    }
    return this.stmt<SqlParam[], ChunkRow>(sql)
      .all(...params)
      .map(toScored);
  }

  /** The keyword-query worker, started on first use (the schema exists by then). */
  private readWorker(): SqliteReadWorker | undefined {
    if (!this.useReadWorker || this.readWorkerError) return undefined;
    this.reader ??= new SqliteReadWorker(this.file, this.mmapBytes);
    return this.reader.usable ? this.reader : undefined;
  }

  async vectorSearch(vector: readonly number[], filter: IndexFilter, limit: number): Promise<ScoredChunk[]> {
    if (this.vectorDims === null || limit <= 0) return [];
    assertDims(vector, this.vectorDims);
    const where = filterSql(filter);
    const rows = this.stmt<SqlParam[], ChunkRow>(
      topThenColumns(
        `SELECT c.rowid AS hit_rowid, c.chunk_id AS hit_id, 1.0 - vec_distance_cosine(v.embedding, ?) AS hit_score
           FROM chunks c JOIN chunk_vectors v ON v.rowid = c.rowid
          WHERE ${where.sql}`,
      ),
    ).all(float32Blob(vector), ...where.params, limit);
    return rows.map(toScored);
  }

  async countChunks(): Promise<number> {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM chunks').get()?.n ?? 0;
  }

  async ping(): Promise<boolean> {
    return this.db.open;
  }

  async close(): Promise<void> {
    await this.reader?.close();
    this.reader = undefined;
    if (this.db.open) this.db.close();
  }

  private upsertChunk(chunk: KnowledgeChunk): void {
    let embedding: Buffer | null = null;
    if (this.vectorDims !== null && chunk.embedding) {
      assertDims(chunk.embedding, this.vectorDims);
      embedding = float32Blob(chunk.embedding);
    }
    const row = this.stmt<SqlParam[], { rowid: number }>(
      `INSERT INTO chunks (chunk_id, document_id, revision, kind, doc_type, title, section, text, start_offset, end_offset,
           site, line, product, status, effective_from, effective_to, superseded_by, occurred_at, classification_rank, owner,
           identifiers)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chunk_id) DO UPDATE SET
           document_id = excluded.document_id, revision = excluded.revision, kind = excluded.kind, doc_type = excluded.doc_type,
           title = excluded.title, section = excluded.section, text = excluded.text, start_offset = excluded.start_offset,
           end_offset = excluded.end_offset, site = excluded.site, line = excluded.line, product = excluded.product,
           status = excluded.status, effective_from = excluded.effective_from, effective_to = excluded.effective_to,
           superseded_by = excluded.superseded_by, occurred_at = excluded.occurred_at,
           classification_rank = excluded.classification_rank, owner = excluded.owner, identifiers = excluded.identifiers
         RETURNING rowid`,
    ).get(
      chunk.chunkId,
      chunk.documentId,
      chunk.revision,
      chunk.kind,
      chunk.docType,
      chunk.title,
      chunk.section,
      chunk.text,
      chunk.startOffset,
      chunk.endOffset,
      chunk.site,
      chunk.line,
      chunk.product,
      chunk.status,
      chunk.effectiveFrom,
      chunk.effectiveTo,
      chunk.supersededBy,
      chunk.occurredAt,
      CLASSIFICATIONS.indexOf(chunk.classification) + 1,
      chunk.owner,
      JSON.stringify(chunk.identifiers),
    );
    if (!row) throw new Error(`upsert of chunk ${chunk.chunkId} returned no row`);
    if (embedding)
      this.stmt('INSERT OR REPLACE INTO chunk_vectors (rowid, embedding) VALUES (?, ?)').run(
        row.rowid,
        embedding,
      );
    else this.stmt('DELETE FROM chunk_vectors WHERE rowid = ?').run(row.rowid);
    this.stmt('DELETE FROM chunk_terms WHERE rowid = ?').run(row.rowid);
    this.stmt(
      'INSERT INTO chunk_terms (rowid, title, section, body, idents, scope) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      row.rowid,
      chunk.title,
      chunk.section,
      chunk.text,
      chunk.identifiers.map(compactIdentifier).join(' '),
      scopeText(chunk),
    );
  }

  private deleteRow(rowid: number): void {
    this.stmt('DELETE FROM chunk_terms WHERE rowid = ?').run(rowid);
    this.stmt('DELETE FROM chunk_vectors WHERE rowid = ?').run(rowid);
    this.stmt('DELETE FROM chunks WHERE rowid = ?').run(rowid);
  }
}

/**
 * Ranks on (rowid, id, score) only, then reads the full columns of the top `limit`: the
 * sort over every filtered match (thousands at 100k chunks) then moves a few bytes per
 * row instead of each chunk's text. Ties keep the chunk-id order of the single query.
 */
function topThenColumns(scored: string): string {
  return `WITH hits AS MATERIALIZED (${scored} ORDER BY hit_score DESC, hit_id LIMIT ?)
    SELECT ${CHUNK_COLUMNS}, hits.hit_score AS score FROM hits JOIN chunks c ON c.rowid = hits.hit_rowid
     ORDER BY score DESC, c.chunk_id`;
}

function float32Blob(vector: readonly number[]): Buffer {
  const f = Float32Array.from(vector);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

function toScored(row: ChunkRow): ScoredChunk {
  return { score: row.score, chunk: toChunk(row) };
}

function toChunk(row: ChunkRow): ScoredChunk['chunk'] {
  return {
    chunkId: row.chunk_id,
    documentId: row.document_id,
    revision: row.revision,
    kind: row.kind,
    docType: row.doc_type,
    title: row.title,
    section: row.section,
    text: row.text,
    startOffset: row.start_offset,
    endOffset: row.end_offset,
    site: row.site,
    line: row.line,
    product: row.product,
    status: row.status,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    supersededBy: row.superseded_by,
    occurredAt: row.occurred_at,
    classification: CLASSIFICATIONS[row.classification_rank - 1] ?? 'restricted',
    owner: row.owner,
    identifiers: JSON.parse(row.identifiers) as string[],
  };
}
