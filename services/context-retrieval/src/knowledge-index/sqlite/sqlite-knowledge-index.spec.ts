import { runKnowledgeIndexContract } from '../contract/run-knowledge-index-contract';
import { SqliteKnowledgeIndex } from './sqlite-knowledge-index.adapter';

runKnowledgeIndexContract('SQLite FTS5 + sqlite-vec', {
  async create({ vectorDims }) {
    const index = new SqliteKnowledgeIndex({ file: ':memory:', vectorDims });
    await index.init();
    return index;
  },
  dispose: (index) => index.close(),
});
