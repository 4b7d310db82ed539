import { MongoDocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { documentStoreFixture, runTokenUsageContract } from './token-usage.contract';

runTokenUsageContract(
  'document store on the MongoDB wire (FerretDB), two connections to one database',
  () => {
    const uri = mongoUri(uniqueName('tokens'));
    return documentStoreFixture(() => MongoDocumentStore.connect(uri));
  },
);
