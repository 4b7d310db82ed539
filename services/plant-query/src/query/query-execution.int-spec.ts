import { MongoDocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { runPlantQueryContract } from './plant-query.contract';

runPlantQueryContract(
  'MongoDB wire protocol (FerretDB)',
  async () => MongoDocumentStore.connect(mongoUri(uniqueName('pq'))),
  (store) => store.close(),
);
