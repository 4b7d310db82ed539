import type Database from 'better-sqlite3';
import { compactIdentifier } from '../../domain/identifiers';
import type { KnowledgeChunk } from '../../domain/knowledge-chunk';
import { scopeText } from './sqlite-filter';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS chunks (
  rowid INTEGER PRIMARY KEY,
  chunk_id TEXT NOT NULL UNIQUE,
  document_id TEXT NOT NULL,
  revision TEXT NOT NULL,
  kind TEXT NOT NULL,
  doc_type TEXT NOT NULL,
  title TEXT NOT NULL,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  site TEXT NOT NULL,
  line TEXT NOT NULL,
  product TEXT NOT NULL,
  status TEXT NOT NULL,
  effective_from INTEGER NOT NULL,
  effective_to INTEGER,
  superseded_by TEXT,
  occurred_at INTEGER,
  classification_rank INTEGER NOT NULL,
  owner TEXT NOT NULL,
  identifiers TEXT NOT NULL
);
-- Vectors live apart from the chunk rows: a keyword search reads thousands of chunk rows
-- and must not page 1.5 KB of float32 per row through the cache to do it.
CREATE TABLE IF NOT EXISTS chunk_vectors (
  rowid INTEGER PRIMARY KEY,
  embedding BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_id, revision);
-- Covers every column filterSql tests, so a vector search reads the filter from the
-- index and touches only the vectors of the chunks that pass it.
DROP INDEX IF EXISTS chunks_scope;
CREATE INDEX IF NOT EXISTS chunks_filter ON chunks (
  site, line, doc_type, status, classification_rank, effective_from, effective_to, product, kind, occurred_at, chunk_id
);
CREATE INDEX IF NOT EXISTS chunks_occurred ON chunks (occurred_at) WHERE occurred_at IS NOT NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5 (
  title, section, body, idents, scope,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS revisions (
  document_id TEXT NOT NULL,
  revision TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (document_id, revision)
);
`;

/** Creates the tables (idempotent) and brings index files of earlier layouts up to date. */
export function createSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  migrateInlineVectors(db);
  migrateFullTextTable(db);
}

/** Index files written before chunk_vectors kept the vector in chunks.embedding: move it. */
function migrateInlineVectors(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('chunks')`).all();
  if (!columns.some((c) => c.name === 'embedding')) return;
  db.transaction(() => {
    db.exec(
      'INSERT OR REPLACE INTO chunk_vectors (rowid, embedding) SELECT rowid, embedding FROM chunks WHERE embedding IS NOT NULL',
    );
    db.exec('ALTER TABLE chunks DROP COLUMN embedding');
  })();
}

interface TermsSource {
  rowid: number;
  title: string;
  section: string;
  text: string;
  identifiers: string;
  site: string;
  line: string;
  product: string;
  doc_type: KnowledgeChunk['docType'];
  status: KnowledgeChunk['status'];
  kind: KnowledgeChunk['kind'];
}

/** Index files written before filter pushdown have `chunks_fts` without the scope column: rebuild it. */
function migrateFullTextTable(db: Database.Database): void {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'chunks_fts'`).get()) return;
  const rows = db
    .prepare<[], TermsSource>(
      'SELECT rowid, title, section, text, identifiers, site, line, product, doc_type, status, kind FROM chunks',
    )
    .all();
  db.transaction(() => {
    const insert = db.prepare(
      'INSERT INTO chunk_terms (rowid, title, section, body, idents, scope) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows) {
      const idents = (JSON.parse(r.identifiers) as string[]).map(compactIdentifier).join(' ');
      const scope = scopeText({
        site: r.site,
        line: r.line,
        product: r.product,
        docType: r.doc_type,
        status: r.status,
        kind: r.kind,
      });
      insert.run(r.rowid, r.title, r.section, r.text, idents, scope);
    }
    db.exec('DROP TABLE chunks_fts');
  })();
}
