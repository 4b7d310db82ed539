export type {
  Comparable,
  DocumentCollection,
  DocumentStore,
  FieldCondition,
  Filter,
  FindOptions,
  IndexSpec,
  InsertManyOptions,
  InsertManyResult,
  Scalar,
  StoreLocation,
  Versioned,
} from './ports/document-store.port';
export { DocumentStoreError, type DocumentStoreErrorCode } from './document-store.errors';
export { SqliteDocumentStore } from './sqlite/sqlite-document-store.adapter';
export { MongoDocumentStore, type MongoDocumentStoreOptions } from './mongo/mongo-document-store.adapter';
export {
  createDocumentStore,
  openDocumentStore,
  SQLITE_FILE_NAME,
  type DocumentStoreConfig,
} from './create-document-store';
export {
  DedupeWindow,
  DEDUPE_COLLECTION,
  type DedupeEntry,
  type DedupeWindowOptions,
} from './dedupe/dedupe-window';
export { DedupeIdempotencyStore } from './dedupe/dedupe-idempotency.store';
export { ScopedRepository, type SiteScoped } from './scoped/scoped-repository';
