import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DocumentStoreError } from '../document-store.errors';
import { assertExpectedVersion, parseGuard } from '../core/guard';
import { assertOrdered } from '../core/insert-many';
import { type JsonObject, normalizeDocument, normalizePatch } from '../core/json-document';
import { assertCollectionName, assertDocumentId } from '../core/names';
import { type ParsedIndex, parseFilter, parseFindOptions, parseIndexes, uniquePaths } from '../core/query';
import type {
  DocumentCollection,
  DocumentStore,
  Filter,
  FindOptions,
  IndexSpec,
  InsertManyOptions,
  InsertManyResult,
  StoreLocation,
  Versioned,
} from '../ports/document-store.port';
import { type SqlParam, createIndexSql, selectSql, tableName, whereSql } from './sqlite-query';

interface Row {
  _id: string;
  version: number;
  doc: string;
}

const UNIQUE_VIOLATIONS = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

// Checked by code, not `instanceof SqliteError`: the native addon keeps the error class
// of the first copy of better-sqlite3 loaded in the process (Jest reloads JS modules).
// Not `instanceof Error`: native errors thrown across Jest's module sandboxes (and
// worker realms) fail that check, which once let a UNIQUE violation escape as a crash.
function isUniqueViolation(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && UNIQUE_VIOLATIONS.has(code);
}

/**
 * Embedded document store: one SQLite file, one table per collection holding
 * `(_id, version, doc JSON)`. better-sqlite3 is synchronous; each statement is atomic,
 * which is all the port needs (conditional updates, unique indexes), and WAL lets other
 * processes read while one writes.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly statements = new Map<string, Database.Statement>();

  readonly location?: StoreLocation;

  private constructor(
    private readonly db: Database.Database,
    file: string,
  ) {
    if (file !== '' && file !== ':memory:' && !file.startsWith('file::memory:'))
      this.location = { kind: 'sqlite', file: resolve(file) };
  }

  /** Opens (creating if needed) the database file; its directory must exist. */
  static open(file: string): SqliteDocumentStore {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Another process holding the write lock makes us wait rather than fail at once.
    db.pragma('busy_timeout = 5000');
    return new SqliteDocumentStore(db, file);
  }

  get journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  async collection<T extends Versioned>(
    name: string,
    indexes: IndexSpec[] = [],
  ): Promise<DocumentCollection<T>> {
    assertCollectionName(name);
    const parsed = parseIndexes(indexes);
    const table = tableName(name);
    // IMMEDIATE takes the write lock first, so two processes opening the same collection
    // cannot both decide an index is missing.
    this.db
      .transaction(() => {
        this.db.exec(
          `CREATE TABLE IF NOT EXISTS "${table}" (_id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL CHECK (json_valid(doc))) STRICT`,
        );
        for (const index of parsed) this.ensureIndex(name, index);
      })
      .immediate();
    return new SqliteDocumentCollection<T>(
      name,
      uniquePaths(parsed),
      (sql) => this.prepare(sql),
      // IMMEDIATE: take the write lock up front, so a run never fails half-way on a lock upgrade.
      (run) => this.db.transaction(run).immediate(),
    );
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.open && this.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  private ensureIndex(collection: string, index: ParsedIndex): void {
    const sql = createIndexSql(collection, index);
    const indexName = `${tableName(collection)}__${index.name}`;
    const existing = this.db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`)
      .get(indexName) as { sql: string } | undefined;
    if (existing) {
      if (existing.sql !== sql) {
        throw new DocumentStoreError(
          'index-conflict',
          `index "${index.name}" on "${collection}" exists with another definition`,
        );
      }
      return;
    }
    try {
      this.db.exec(sql);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DocumentStoreError(
          'duplicate-key',
          `existing documents in "${collection}" violate unique index "${index.name}"`,
        );
      }
      throw err;
    }
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Filters vary in shape, so bound the cache rather than grow it forever.
      if (this.statements.size >= 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

class SqliteDocumentCollection<T extends Versioned> implements DocumentCollection<T> {
  private readonly table: string;

  constructor(
    private readonly name: string,
    private readonly uniquePaths: readonly string[],
    private readonly prepare: (sql: string) => Database.Statement,
    private readonly inTransaction: <R>(run: () => R) => R,
  ) {
    this.table = `"${tableName(name)}"`;
  }

  async insert(doc: Omit<T, 'version'>): Promise<'inserted' | 'duplicate'> {
    const { _id, ...fields } = normalizeDocument(doc, this.uniquePaths);
    try {
      this.prepare(`INSERT INTO ${this.table} (_id, version, doc) VALUES (?, 1, ?)`).run(
        _id,
        JSON.stringify(fields),
      );
      return 'inserted';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async insertMany(
    docs: ReadonlyArray<Omit<T, 'version'>>,
    options: InsertManyOptions,
  ): Promise<InsertManyResult> {
    assertOrdered(options);
    const rows = docs.map((doc) => {
      const { _id, ...fields } = normalizeDocument(doc, this.uniquePaths);
      return [_id, JSON.stringify(fields)] as const;
    });
    if (rows.length === 0) return { inserted: 0 };
    const insert = this.prepare(`INSERT INTO ${this.table} (_id, version, doc) VALUES (?, 1, ?)`);
    // One transaction: one commit (fsync) for the run instead of one per document. The
    // rows before a duplicate are committed, as the port's ordered semantics require.
    return this.inTransaction((): InsertManyResult => {
      for (let i = 0; i < rows.length; i++) {
        const [id, json] = rows[i] as readonly [string, string];
        try {
          insert.run(id, json);
        } catch (err) {
          if (isUniqueViolation(err)) return { inserted: i, duplicateAt: i };
          throw err;
        }
      }
      return { inserted: rows.length };
    });
  }

  async get(id: string): Promise<T | null> {
    assertDocumentId(id);
    const row = this.prepare(`SELECT _id, version, doc FROM ${this.table} WHERE _id = ?`).get(id) as
      Row | undefined;
    return row ? toDocument<T>(row) : null;
  }

  async find(filter: Filter, options?: FindOptions): Promise<T[]> {
    const where = whereSql(parseFilter(filter));
    const { sort, limit, skip } = parseFindOptions(options);
    if (limit === 0) return [];
    const rows = this.prepare(selectSql(this.name, where, sort)).all(
      ...where.params,
      limit ?? -1,
      skip,
    ) as Row[];
    return rows.map((row) => toDocument<T>(row));
  }

  async count(filter: Filter): Promise<number> {
    const where = whereSql(parseFilter(filter));
    const row = this.prepare(`SELECT COUNT(*) AS n FROM ${this.table} WHERE ${where.sql}`).get(
      ...where.params,
    ) as { n: number };
    return row.n;
  }

  async compareAndSet(
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<T, '_id' | 'version'>>,
    guard?: Filter,
  ): Promise<T | null> {
    assertDocumentId(id);
    assertExpectedVersion(expectedVersion);
    const fields = normalizePatch(patch, this.uniquePaths);
    const where = whereSql(parseGuard(guard));
    const setParams: SqlParam[] = [];
    for (const [key, value] of Object.entries(fields)) setParams.push(`$.${key}`, JSON.stringify(value));
    const setDoc =
      setParams.length === 0 ? 'doc' : `json_set(doc${', ?, json(?)'.repeat(setParams.length / 2)})`;
    const sql =
      `UPDATE ${this.table} SET version = version + 1, doc = ${setDoc} ` +
      `WHERE _id = ? AND version = ? AND ${where.sql} RETURNING _id, version, doc`;
    try {
      const row = this.prepare(sql).get(...setParams, id, expectedVersion, ...where.params) as
        Row | undefined;
      return row ? toDocument<T>(row) : null;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DocumentStoreError(
          'duplicate-key',
          `update of "${id}" in "${this.name}" violates a unique index`,
        );
      }
      throw err;
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    const where = whereSql(parseFilter(filter));
    return this.prepare(`DELETE FROM ${this.table} WHERE ${where.sql}`).run(...where.params).changes;
  }
}

function toDocument<T extends Versioned>(row: Row): T {
  // Set on the parsed object rather than spread into a new one: copying every field again
  // cost ~15 % of a full scan (ledger verify, docs/benchmarks.md). Key order is not part
  // of the port, so `_id` coming last here is fine.
  const doc = JSON.parse(row.doc) as JsonObject;
  doc['_id'] = row._id;
  doc['version'] = row.version;
  // The generic T is the caller's declaration of what it stored; nothing here can check it.
  return doc as unknown as T;
}
