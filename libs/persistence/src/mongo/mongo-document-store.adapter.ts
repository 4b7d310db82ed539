import mongoose, { type Connection, mongo } from 'mongoose';
import { DocumentStoreError } from '../document-store.errors';
import { assertExpectedVersion, parseGuard } from '../core/guard';
import { assertOrdered } from '../core/insert-many';
import { normalizeDocument, normalizePatch } from '../core/json-document';
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
import { type Claim, ClaimedUpdates, type ClaimedUpdateOptions, type StoredDocument } from './claimed-update';
import { firstDuplicateIndex, isDuplicateKeyError, isIndexConflictError } from './mongo-errors';
import { toMongoFilter, toMongoSort } from './mongo-filter';

/**
 * Documents per server-side insertMany. FerretDB v1 (v1.24.2 internal/handler/msg_insert.go)
 * inserts an ordered request in batches of `--test-batch-size` (default 100); when a batch
 * fails it retries the batch one document at a time, and its `if params.Ordered { break }`
 * leaves only that retry loop, so the next batch is still inserted (seen here: write errors
 * at indexes 0, 100, 200 of one request, documents after the first duplicate stored). A
 * request no larger than one batch keeps the ordered meaning the ledger's hash chain relies
 * on; MongoDB honours it at any size. The contract suite pins it with a 350-document run.
 */
const SERVER_BATCH = 100;

export interface MongoDocumentStoreOptions {
  /** how long an abandoned compare-and-set claim blocks its document (default 10 s) */
  claimLeaseMs?: number;
  serverSelectionTimeoutMS?: number;
  now?: () => number;
}

/** Side collection holding in-flight compare-and-set claims; `__` cannot occur in a collection name. */
export function claimsCollectionName(collection: string): string {
  return `${collection}__claims`;
}

/**
 * Distributed document store on a MongoDB-wire server (MongoDB, or FerretDB v1 in
 * tests). Uses the native driver collections of a mongoose connection: the port's
 * documents are schemaless, so mongoose models would only add a second validation layer.
 */
export class MongoDocumentStore implements DocumentStore {
  readonly location: StoreLocation;

  private constructor(
    private readonly connection: Connection,
    private readonly db: mongo.Db,
    private readonly claimOptions: ClaimedUpdateOptions,
    uri: string,
  ) {
    this.location = { kind: 'mongo', uri };
  }

  /** Connects to the database named in the URI path ("test" when the path is empty). */
  static async connect(uri: string, options: MongoDocumentStoreOptions = {}): Promise<MongoDocumentStore> {
    const connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
      autoIndex: false,
      autoCreate: false,
    });
    await connection.asPromise();
    const db = connection.db;
    if (!db) {
      await connection.close();
      throw new Error('mongoose connection opened without a database handle');
    }
    return new MongoDocumentStore(
      connection,
      db,
      { leaseMs: options.claimLeaseMs ?? 10_000, now: options.now ?? Date.now },
      uri,
    );
  }

  async collection<T extends Versioned>(
    name: string,
    indexes: IndexSpec[] = [],
  ): Promise<DocumentCollection<T>> {
    assertCollectionName(name);
    const parsed = parseIndexes(indexes);
    const docs = this.db.collection<StoredDocument>(name);
    for (const index of parsed) await this.ensureIndex(docs, name, index);
    const updates = new ClaimedUpdates(
      docs,
      this.db.collection<Claim>(claimsCollectionName(name)),
      this.claimOptions,
    );
    return new MongoDocumentCollection<T>(docs, updates, uniquePaths(parsed));
  }

  async ping(): Promise<boolean> {
    try {
      const reply = await this.db.command({ ping: 1 });
      return reply['ok'] === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  // Compared by hand first: FerretDB v1 silently accepts a name re-declared with another
  // `unique` flag (MongoDB answers IndexOptionsConflict), and the port wants one answer.
  private async ensureIndex(
    docs: mongo.Collection<StoredDocument>,
    collection: string,
    index: ParsedIndex,
  ): Promise<void> {
    const wanted = toMongoSort(index.keys);
    const existing = (await listIndexes(docs)).find((i) => i.name === index.name);
    if (existing) {
      const sameKeys = JSON.stringify(existing.key) === JSON.stringify(wanted);
      if (!sameKeys || (existing.unique === true) !== index.unique) throw indexConflict(collection, index);
      return;
    }
    try {
      await docs.createIndex(wanted, { name: index.name, unique: index.unique });
    } catch (err) {
      if (isIndexConflictError(err)) throw indexConflict(collection, index);
      if (isDuplicateKeyError(err)) {
        throw new DocumentStoreError(
          'duplicate-key',
          `existing documents in "${collection}" violate unique index "${index.name}"`,
        );
      }
      throw err;
    }
  }
}

const NAMESPACE_NOT_FOUND = 26;

async function listIndexes(
  docs: mongo.Collection<StoredDocument>,
): Promise<Array<{ name?: string; key?: unknown; unique?: boolean }>> {
  try {
    return await docs.listIndexes().toArray();
  } catch (err) {
    if (err instanceof mongo.MongoServerError && err.code === NAMESPACE_NOT_FOUND) return [];
    throw err;
  }
}

function indexConflict(collection: string, index: ParsedIndex): DocumentStoreError {
  return new DocumentStoreError(
    'index-conflict',
    `index "${index.name}" on "${collection}" exists with another definition`,
  );
}

class MongoDocumentCollection<T extends Versioned> implements DocumentCollection<T> {
  constructor(
    private readonly docs: mongo.Collection<StoredDocument>,
    private readonly updates: ClaimedUpdates,
    private readonly uniquePaths: readonly string[],
  ) {}

  async insert(doc: Omit<T, 'version'>): Promise<'inserted' | 'duplicate'> {
    const stored = { ...normalizeDocument(doc, this.uniquePaths), version: 1 };
    try {
      await this.docs.insertOne(stored);
      return 'inserted';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  async insertMany(
    docs: ReadonlyArray<Omit<T, 'version'>>,
    options: InsertManyOptions,
  ): Promise<InsertManyResult> {
    assertOrdered(options);
    const stored = docs.map((doc) => ({ ...normalizeDocument(doc, this.uniquePaths), version: 1 }));
    for (let start = 0; start < stored.length; start += SERVER_BATCH) {
      const chunk = stored.slice(start, start + SERVER_BATCH);
      try {
        await this.docs.insertMany(chunk as Array<(typeof stored)[number]>, { ordered: true });
      } catch (err) {
        const at = firstDuplicateIndex(err);
        if (at === null) throw err;
        return { inserted: start + at, duplicateAt: start + at };
      }
    }
    return { inserted: stored.length };
  }

  async get(id: string): Promise<T | null> {
    assertDocumentId(id);
    return asDocument<T>(await this.docs.findOne({ _id: id }));
  }

  async find(filter: Filter, options?: FindOptions): Promise<T[]> {
    const query = toMongoFilter(parseFilter(filter));
    const { sort, limit, skip } = parseFindOptions(options);
    if (limit === 0) return [];
    const cursor = this.docs.find(query, {
      sort: toMongoSort(sort),
      skip,
      ...(limit === undefined ? {} : { limit }),
    });
    const docs = await cursor.toArray();
    return docs.map((d) => asDocument<T>(d) as T);
  }

  async count(filter: Filter): Promise<number> {
    return this.docs.countDocuments(toMongoFilter(parseFilter(filter)));
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
    const query = { ...toMongoFilter(parseGuard(guard)), _id: id, version: expectedVersion };
    // The state at one version never changes (changing it takes that version's claim), so
    // the guard checked on this read still holds when the claim is won.
    const current = await this.docs.findOne(query);
    if (!current) return null;
    const next: StoredDocument = { ...current, ...fields, version: expectedVersion + 1 };
    return asDocument<T>(await this.updates.apply(current, next));
  }

  async deleteMany(filter: Filter): Promise<number> {
    const result = await this.docs.deleteMany(toMongoFilter(parseFilter(filter)));
    return result.deletedCount;
  }
}

function asDocument<T extends Versioned>(doc: StoredDocument | null): T | null {
  // The generic T is the caller's declaration of what it stored; nothing here can check it.
  return doc === null ? null : (doc as unknown as T);
}
