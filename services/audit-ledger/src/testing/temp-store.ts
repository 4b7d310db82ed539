import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { LEDGER_COLLECTION } from '@andon/governance/ledger';
import { SqliteDocumentStore } from '@andon/persistence';

export interface TempSqlite {
  store: SqliteDocumentStore;
  file: string;
  close(): Promise<void>;
}

export function tempSqlite(): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), 'andon-ledger-'));
  const file = join(dir, 'ledger.sqlite');
  const store = SqliteDocumentStore.open(file);
  return {
    store,
    file,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/*
 * Tampering "directly in the database", past every port and service: the raw driver of
 * each store. These helpers know the adapters' storage layout on purpose (SQLite: table
 * ds_<collection> with the document as JSON in `doc`; Mongo: the collection itself);
 * an attacker with database access would too.
 */
export interface RawLedgerDb {
  set(id: string, field: string, value: string | number): Promise<void>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

export function rawSqlite(file: string): RawLedgerDb {
  const db = new Database(file);
  return {
    set: async (id, field, value) => {
      const changed = db
        .prepare(`UPDATE ds_${LEDGER_COLLECTION} SET doc = json_set(doc, ?, ?) WHERE _id = ?`)
        .run(`$.${field}`, value, id).changes;
      if (changed !== 1) throw new Error(`no ledger row ${id}`);
    },
    remove: async (id) => {
      if (db.prepare(`DELETE FROM ds_${LEDGER_COLLECTION} WHERE _id = ?`).run(id).changes !== 1)
        throw new Error(`no ledger row ${id}`);
    },
    close: async () => {
      db.close();
    },
  };
}

export async function rawMongo(uri: string): Promise<RawLedgerDb> {
  const connection = await mongoose.createConnection(uri).asPromise();
  const db = connection.db;
  if (!db) throw new Error('no database handle');
  const docs = db.collection<{ _id: string }>(LEDGER_COLLECTION);
  return {
    set: async (id, field, value) => {
      const result = await docs.updateOne({ _id: id }, { $set: { [field]: value } });
      if (result.matchedCount !== 1) throw new Error(`no ledger document ${id}`);
    },
    remove: async (id) => {
      if ((await docs.deleteOne({ _id: id })).deletedCount !== 1) throw new Error(`no ledger document ${id}`);
    },
    close: () => connection.close(),
  };
}
