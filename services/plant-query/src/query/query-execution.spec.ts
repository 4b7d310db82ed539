import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore } from '@andon/persistence';
import { runPlantQueryContract } from './plant-query.contract';

const dir = mkdtempSync(join(tmpdir(), 'andon-pq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runPlantQueryContract(
  'SQLite (embedded)',
  async () => SqliteDocumentStore.open(join(dir, 'andon.sqlite')),
  (store) => store.close(),
);
