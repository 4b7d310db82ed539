import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AdapterConfig, adapterSchema, loadConfig } from '@andon/config';
import { MongoDocumentStore, type MongoDocumentStoreOptions } from './mongo/mongo-document-store.adapter';
import type { DocumentStore, StoreLocation } from './ports/document-store.port';
import { SqliteDocumentStore } from './sqlite/sqlite-document-store.adapter';

export const SQLITE_FILE_NAME = 'andon.sqlite';

export type DocumentStoreConfig = Pick<AdapterConfig, 'MONGO_URI' | 'ANDON_DATA_DIR'>;

/**
 * The deployment's document store: MongoDB when MONGO_URI is configured, otherwise the
 * embedded SQLite file `${ANDON_DATA_DIR}/andon.sqlite` (directory created if missing).
 * Without an argument the environment is read through `adapterSchema`.
 */
export async function createDocumentStore(
  config: DocumentStoreConfig = loadConfig(adapterSchema),
  mongoOptions?: MongoDocumentStoreOptions,
): Promise<DocumentStore> {
  if (config.MONGO_URI) return MongoDocumentStore.connect(config.MONGO_URI, mongoOptions);
  const dir = resolve(config.ANDON_DATA_DIR);
  mkdirSync(dir, { recursive: true });
  return SqliteDocumentStore.open(join(dir, SQLITE_FILE_NAME));
}

/** A second connection to the store at `location` (see DocumentStore.location). */
export async function openDocumentStore(
  location: StoreLocation,
  mongoOptions?: MongoDocumentStoreOptions,
): Promise<DocumentStore> {
  return location.kind === 'mongo'
    ? MongoDocumentStore.connect(location.uri, mongoOptions)
    : SqliteDocumentStore.open(location.file);
}
