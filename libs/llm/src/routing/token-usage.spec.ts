import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore } from '@andon/persistence';
import { InMemoryTokenUsageStore } from './in-memory-token-usage.store';
import { documentStoreFixture, runTokenUsageContract } from './token-usage.contract';

runTokenUsageContract(
  'in process memory',
  async () => {
    const store = new InMemoryTokenUsageStore();
    return { a: store, b: store, reopen: async () => store, close: async () => undefined };
  },
  { shared: false },
);

runTokenUsageContract('document store on SQLite, two connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'andon-token-usage-'));
  return documentStoreFixture(
    async () => SqliteDocumentStore.open(join(dir, 'andon.sqlite')),
    () => rmSync(dir, { recursive: true, force: true }),
  );
});
