import { MongoDocumentStore, type DocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { DocumentTokenUsageStore } from './document-token-usage.store';
import { runTokenUsageContract } from './token-usage.contract';

runTokenUsageContract('document store on the MongoDB wire (FerretDB), two connections to one database', async () => {
  const uri = mongoUri(uniqueName('tokens'));
  const stores: DocumentStore[] = [];
  const open = async () => {
    const store = await MongoDocumentStore.connect(uri);
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
    },
  };
});
