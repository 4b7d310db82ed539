/**
 * The document store port. Actions, decisions, executions, ledger entries, dedupe
 * windows and agent state all live in collections of JSON documents keyed by `_id`.
 *
 * FerretDB v1 has no transactions, so every invariant that needs atomicity is expressed
 * as a unique key (insert-if-absent) or a conditional update (compare-and-set on a
 * `version` field). Both adapters (MongoDB via mongoose, SQLite via better-sqlite3)
 * implement exactly these semantics and pass one shared contract suite.
 */

export type Scalar = string | number | boolean | null;

/** Field conditions a query may use; dotted paths address nested fields. */
export type FieldCondition =
  | Scalar
  | { $in: Scalar[] }
  | { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar }
  | { $exists: boolean };

export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  /** field -> 1 ascending / -1 descending, applied in key order */
  sort?: Record<string, 1 | -1>;
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
  unique?: boolean;
  name: string;
}

export interface DocumentCollection<T extends Versioned> {
  /** Inserts if no document has this `_id` (or violates a unique index); never overwrites. */
  insert(doc: Omit<T, 'version'>): Promise<'inserted' | 'duplicate'>;
  get(id: string): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /**
   * Applies `patch` (top-level fields set) only if the stored document still has
   * `expectedVersion` and matches `guard`. Returns the new document, or null when the
   * condition failed (someone else won the race).
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

export interface DocumentStore {
  collection<T extends Versioned>(name: string, indexes?: IndexSpec[]): Promise<DocumentCollection<T>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
