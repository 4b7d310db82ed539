import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteKnowledgeIndex } from './sqlite-knowledge-index.adapter';

// The chunk table as index files written before chunk_vectors had it: vector inline.
const LEGACY_SCHEMA = `
CREATE TABLE chunks (
  rowid INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, document_id TEXT NOT NULL, revision TEXT NOT NULL,
  kind TEXT NOT NULL, doc_type TEXT NOT NULL, title TEXT NOT NULL, section TEXT NOT NULL, text TEXT NOT NULL,
  start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, site TEXT NOT NULL, line TEXT NOT NULL, product TEXT NOT NULL,
  status TEXT NOT NULL, effective_from INTEGER NOT NULL, effective_to INTEGER, superseded_by TEXT, occurred_at INTEGER,
  classification_rank INTEGER NOT NULL, owner TEXT NOT NULL, identifiers TEXT NOT NULL, embedding BLOB
);
CREATE VIRTUAL TABLE chunks_fts USING fts5 (title, section, body, idents, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE revisions (document_id TEXT NOT NULL, revision TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (document_id, revision));
`;

function blob(v: number[]): Buffer {
  const f = Float32Array.from(v);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

describe('SqliteKnowledgeIndex on an index file of the previous layout', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves vectors to chunk_vectors and rebuilds the full-text table with scope tokens at init', async () => {
    const file = join(dir, 'legacy.sqlite');
    const legacy = new Database(file);
    legacy.exec(LEGACY_SCHEMA);
    const insert = legacy.prepare(
      `INSERT INTO chunks VALUES (?, ?, 'D-1', '1', 'document', 'sop', 'T', 'S', ?, 0, 4, 'plant-a', '', '', 'approved', 0, NULL, NULL, NULL, 2, 'o', '[]', ?)`,
    );
    insert.run(1, 'D-1@1#0', 'pump seal', blob([1, 0, 0, 0, 0, 0, 0, 0]));
    insert.run(2, 'D-1@1#1', 'valve', blob([0, 1, 0, 0, 0, 0, 0, 0]));
    const fts = legacy.prepare(
      `INSERT INTO chunks_fts (rowid, title, section, body, idents) VALUES (?, 'T', 'S', ?, '')`,
    );
    fts.run(1, 'pump seal');
    fts.run(2, 'valve');
    legacy.close();

    const index = new SqliteKnowledgeIndex({ file, vectorDims: 8 });
    await index.init();
    await index.init(); // idempotent
    const hits = await index.vectorSearch(
      [0, 1, 0, 0, 0, 0, 0, 0],
      { allowedSites: 'all', maxClassification: 'restricted' },
      2,
    );
    expect(hits.map((h) => [h.chunk.chunkId, Number(h.score.toFixed(3))])).toEqual([
      ['D-1@1#1', 1],
      ['D-1@1#0', 0],
    ]);
    const keyword = await index.keywordSearch(
      { text: 'valve', identifiers: [] },
      { allowedSites: ['plant-a'], site: 'plant-a', docTypes: ['sop'], maxClassification: 'internal' },
      5,
    );
    expect(keyword.map((h) => h.chunk.chunkId)).toEqual(['D-1@1#1']);
    await index.close();

    const after = new Database(file, { readonly: true });
    const columns = after
      .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('chunks')`)
      .all()
      .map((c) => c.name);
    const legacyFts = after.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'chunks_fts'`).get();
    after.close();
    expect(columns).not.toContain('embedding');
    expect(legacyFts).toBeUndefined();
  });
});
