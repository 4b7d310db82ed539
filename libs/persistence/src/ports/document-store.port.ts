/**
 * The document store port. Actions, decisions, executions, ledger entries, dedupe
 * windows and agent state all live in collections of JSON documents keyed by `_id`.
 *
 * FerretDB v1 has no transactions, so every invariant that needs atomicity is expressed
 * as a unique key (insert-if-absent) or a conditional update (compare-and-set on a
 * `version` field). Both adapters (MongoDB via mongoose, SQLite via better-sqlite3)
 * implement exactly these semantics and pass one shared contract suite
 * (`runDocumentStoreContract`). See docs/adr/0005-document-store.md.
 *
 * Documents are plain JSON: strings, finite numbers, booleans, null, arrays and plain
 * objects. Dates, Buffers and class instances are rejected (store timestamps as ISO
 * strings or epoch milliseconds) so that what one adapter returns, the other returns too.
 * Properties whose value is `undefined` are dropped. Keys may not start with `$` or
 * contain `.`.
 */

export type Scalar = string | number | boolean | null;

/** Values ordered by a range condition: numbers compare with numbers, strings with strings. */
export type Comparable = string | number;

/**
 * Field conditions a query may use; dotted paths address nested objects. Conditions
 * address scalar fields: matching elements inside arrays is not part of the port (Mongo
 * would match, SQLite would not). A `null` equality also matches a missing field.
 */
export type FieldCondition =
  | Scalar
  | { $in: Scalar[] }
  | { $gt?: Comparable; $gte?: Comparable; $lt?: Comparable; $lte?: Comparable }
  | { $exists: boolean };

/** field path -> condition; all conditions must hold. Paths match /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/. */
export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  /**
   * field -> 1 ascending / -1 descending, applied in key order. Ties come back in no
   * defined order: end with `_id` for stable paging (not added for you, because it would
   * stop both servers from reading the order off an index). Missing and null sort first
   * ascending. Sort fields should hold one type (numbers or strings) per collection.
   * Without a sort, the order is unspecified.
   */
  sort?: Record<string, 1 | -1>;
  /** 0 returns no documents (unlike Mongo, where 0 means unlimited). */
  limit?: number;
  skip?: number;
}

export interface Versioned {
  _id: string;
  /** incremented by every successful conditional update; starts at 1 on insert */
  version: number;
}

export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  /**
   * A unique index also requires every document to carry a non-null value for each of
   * its fields (Mongo would treat missing as null, SQLite and FerretDB as distinct; the
   * port refuses the ambiguity).
   */
  unique?: boolean;
  /** lower snake_case; re-declaring a name with a different definition is an error */
  name: string;
}

export interface InsertManyOptions {
  /**
   * Only ordered inserts are defined: documents go in in array order and the first
   * duplicate stops the rest. (Unordered inserts would report a set of failures whose
   * order differs between servers.)
   */
  ordered: true;
}

export interface InsertManyResult {
  /** how many documents, from the start of the array, were inserted */
  inserted: number;
  /**
   * index of the first document that was a duplicate (`_id` or a unique index); it and
   * every later document were not inserted. Absent when all were inserted.
   */
  duplicateAt?: number;
}

export interface DocumentCollection<T extends Versioned> {
  /** Inserts if no document has this `_id` (or violates a unique index); never overwrites. */
  insert(doc: Omit<T, 'version'>): Promise<'inserted' | 'duplicate'>;
  /**
   * Inserts in array order as `insert` would, one after the other, stopping at the first
   * duplicate: documents before it are inserted (and stay inserted), it and those after it
   * are not. Every document is validated before any is written, so an invalid document
   * inserts nothing. Not a transaction across writers: another writer may insert between
   * two of the documents (SQLite happens to write the run in one transaction; Mongo-wire
   * servers do not).
   */
  insertMany(docs: ReadonlyArray<Omit<T, 'version'>>, options: InsertManyOptions): Promise<InsertManyResult>;
  get(id: string): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /**
   * Applies `patch` (top-level fields set) only if the stored document still has
   * `expectedVersion` and matches `guard`. Returns the new document, or null when the
   * condition failed (someone else won the race). Throws `DocumentStoreError` with code
   * 'duplicate-key' when the patch would violate a unique index.
   */
  compareAndSet(
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<T, '_id' | 'version'>>,
    guard?: Filter,
  ): Promise<T | null>;
  /** Deletes documents matching the filter (used for windows that expire); returns how many. */
  deleteMany(filter: Filter): Promise<number>;
}

/** Enough to open a second connection to the same store (in a worker thread, say). */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'mongo'; uri: string };

export interface DocumentStore {
  /**
   * Where another connection can open this same data; absent when only this connection
   * can see it (SQLite `:memory:`). A Mongo URI may carry credentials: pass it to an
   * opener, never to a log.
   */
  readonly location?: StoreLocation;
  /**
   * Opens (creating if needed) a collection and its indexes. Names are lower snake_case
   * (/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, at most 48 characters).
   */
  collection<T extends Versioned>(name: string, indexes?: IndexSpec[]): Promise<DocumentCollection<T>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
