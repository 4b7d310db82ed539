import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runDedupeWindowContract } from '../contract/dedupe-window.contract';
import { runDocumentStoreContract } from '../contract/document-store.contract';
import type { Versioned } from '../ports/document-store.port';
import { parseFilter, parseFindOptions } from '../core/query';
import { SqliteDocumentStore } from './sqlite-document-store.adapter';
import { selectSql, whereSql } from './sqlite-query';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'andon-sqlite-store-'));
  dirs.push(dir);
  return join(dir, 'andon.sqlite');
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

runDocumentStoreContract('SQLite', async () => SqliteDocumentStore.open(tempFile()));

const dedupeFile = tempFile();
runDedupeWindowContract('SQLite', async () => SqliteDocumentStore.open(dedupeFile));

interface Note extends Versioned {
  text: string;
  site: string;
}

describe('SqliteDocumentStore specifics', () => {
  it('runs in WAL mode and keeps documents across reopening the file', async () => {
    const file = tempFile();
    const first = SqliteDocumentStore.open(file);
    expect(first.journalMode).toBe('wal');
    const notes = await first.collection<Note>('notes', [{ name: 'by_site', fields: { site: 1 } }]);
    await notes.insert({ _id: 'n1', text: 'kept', site: 'S1' });
    await notes.compareAndSet('n1', 1, { text: 'kept and updated' });
    await first.close();
    expect(await first.ping()).toBe(false);

    const second = SqliteDocumentStore.open(file);
    const reopened = await second.collection<Note>('notes', [{ name: 'by_site', fields: { site: 1 } }]);
    expect(await reopened.get('n1')).toEqual({ _id: 'n1', text: 'kept and updated', site: 'S1', version: 2 });
    await second.close();
  });

  it('sees writes made through another connection to the same file', async () => {
    const file = tempFile();
    const a = SqliteDocumentStore.open(file);
    const b = SqliteDocumentStore.open(file);
    const notesA = await a.collection<Note>('notes');
    const notesB = await b.collection<Note>('notes');
    await notesA.insert({ _id: 'n1', text: 'x', site: 'S1' });
    expect(await notesB.insert({ _id: 'n1', text: 'y', site: 'S1' })).toBe('duplicate');
    expect(await notesB.compareAndSet('n1', 1, { text: 'from b' })).toMatchObject({ version: 2 });
    expect(await notesA.compareAndSet('n1', 1, { text: 'from a' })).toBeNull();
    expect(await notesA.get('n1')).toMatchObject({ text: 'from b' });
    await a.close();
    await b.close();
  });

  it('stores one table per collection with expression indexes that SQLite uses', async () => {
    const file = tempFile();
    const store = SqliteDocumentStore.open(file);
    const notes = await store.collection<Note>('notes', [
      { name: 'by_site', unique: true, fields: { site: 1, text: -1 } },
    ]);
    await notes.insert({ _id: 'n1', text: 'a', site: 'S1' });
    await store.close();

    const raw = new Database(file, { readonly: true });
    try {
      const index = raw.prepare(`SELECT sql FROM sqlite_master WHERE name = 'ds_notes__by_site'`).get() as {
        sql: string;
      };
      expect(index.sql).toBe(
        `CREATE UNIQUE INDEX "ds_notes__by_site" ON "ds_notes" (json_extract(doc, '$.site') ASC, json_extract(doc, '$.text') DESC)`,
      );
      const plan = raw
        .prepare(`EXPLAIN QUERY PLAN SELECT _id FROM "ds_notes" WHERE json_extract(doc, '$.site') = ?`)
        .all('S1') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toContain('ds_notes__by_site');
      expect(raw.prepare(`SELECT _id, version, doc FROM "ds_notes"`).get()).toEqual({
        _id: 'n1',
        version: 1,
        doc: JSON.stringify({ text: 'a', site: 'S1' }),
      });
    } finally {
      raw.close();
    }
  });

  it('reads "latest in a chain" off the index, without sorting the chain', async () => {
    const file = tempFile();
    const store = SqliteDocumentStore.open(file);
    await store.collection('ledger', [{ name: 'chain_seq', unique: true, fields: { chain: 1, seq: 1 } }]);
    await store.close();
    const raw = new Database(file, { readonly: true });
    try {
      const where = whereSql(parseFilter({ chain: 'main' }));
      const sql = selectSql('ledger', where, parseFindOptions({ sort: { seq: -1 } }).sort);
      const plan = (
        raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...where.params, 1, 0) as Array<{ detail: string }>
      )
        .map((p) => p.detail)
        .join(' | ');
      expect(plan).toContain('ds_ledger__chain_seq');
      expect(plan).not.toContain('TEMP B-TREE');
    } finally {
      raw.close();
    }
  });

  it('refuses to add a unique index that existing documents violate', async () => {
    const store = SqliteDocumentStore.open(tempFile());
    const notes = await store.collection<Note>('notes');
    await notes.insert({ _id: 'n1', text: 'same', site: 'S1' });
    await notes.insert({ _id: 'n2', text: 'same', site: 'S1' });
    await expect(
      store.collection<Note>('notes', [{ name: 'by_text', unique: true, fields: { text: 1 } }]),
    ).rejects.toMatchObject({
      code: 'duplicate-key',
    });
    await store.close();
  });
});
