import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { DocumentTokenUsageStore } from './document-token-usage.store';
import { InMemoryTokenUsageStore } from './in-memory-token-usage.store';
import { runTokenUsageContract } from './token-usage.contract';

runTokenUsageContract(
  'in process memory',
  async () => {
    const store = new InMemoryTokenUsageStore();
    return { a: store, b: store, reopen: async () => store, close: async () => undefined };
  },
  { shared: false },
);

runTokenUsageContract('document store on SQLite, two connections to one file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'andon-token-usage-'));
  const file = join(dir, 'andon.sqlite');
  const stores: DocumentStore[] = [];
  const open = async () => {
    const store = SqliteDocumentStore.open(file);
    stores.push(store);
    return DocumentTokenUsageStore.open(store);
  };
  const [a, b] = [await open(), await open()];
  return {
    a,
    b,
    reopen: open,
    close: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
