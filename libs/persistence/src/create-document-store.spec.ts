import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterSchema, loadConfig } from '@andon/config';
import { SQLITE_FILE_NAME, createDocumentStore } from './create-document-store';
import type { Versioned } from './ports/document-store.port';
import { SqliteDocumentStore } from './sqlite/sqlite-document-store.adapter';

describe('createDocumentStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-store-factory-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens SQLite under ANDON_DATA_DIR when no MONGO_URI is configured, creating the directory', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const config = loadConfig(adapterSchema, { ANDON_DATA_DIR: dataDir, MONGO_URI: '' });
    const store = await createDocumentStore(config);
    try {
      expect(store).toBeInstanceOf(SqliteDocumentStore);
      const notes = await store.collection<Versioned & { text: string }>('notes');
      await notes.insert({ _id: 'n', text: 'persisted' });
    } finally {
      await store.close();
    }
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);

    const again = await createDocumentStore(config);
    try {
      expect(await (await again.collection<Versioned & { text: string }>('notes')).get('n')).toMatchObject({
        text: 'persisted',
      });
    } finally {
      await again.close();
    }
  });

  it('reads the environment through adapterSchema when given no config', async () => {
    const previous = { dir: process.env['ANDON_DATA_DIR'], uri: process.env['MONGO_URI'] };
    process.env['ANDON_DATA_DIR'] = dir;
    delete process.env['MONGO_URI'];
    try {
      const store = await createDocumentStore();
      await store.close();
      expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(true);
    } finally {
      if (previous.dir === undefined) delete process.env['ANDON_DATA_DIR'];
      else process.env['ANDON_DATA_DIR'] = previous.dir;
      if (previous.uri !== undefined) process.env['MONGO_URI'] = previous.uri;
    }
  });
});
