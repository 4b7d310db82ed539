import { elasticsearchUrl, uniqueName } from '@andon/testing';
import { runKnowledgeIndexContract } from '../contract/run-knowledge-index-contract';
import type { KnowledgeIndex } from '../knowledge-index.port';
import { ElasticsearchKnowledgeIndex } from './elasticsearch-knowledge-index.adapter';

runKnowledgeIndexContract('Elasticsearch 7.10', {
  async create({ vectorDims }) {
    const index = new ElasticsearchKnowledgeIndex({
      node: elasticsearchUrl(),
      indexPrefix: uniqueName('kidx').toLowerCase(),
      vectorDims,
    });
    await index.init();
    return index;
  },
  async dispose(index: KnowledgeIndex) {
    if (index instanceof ElasticsearchKnowledgeIndex) await index.drop();
    await index.close();
  },
});
