import { opensearchUrl, uniqueName } from '@andon/testing';
import { runKnowledgeIndexContract } from '../contract/run-knowledge-index-contract';
import type { KnowledgeIndex } from '../knowledge-index.port';
import { OpenSearchKnowledgeIndex } from './opensearch-knowledge-index.adapter';

// The harness node carries the k-NN plugin (Lucene engine), so 'auto' picks knn_vector;
// the 'source' run covers a node without the plugin.
for (const vectorMode of ['auto', 'source'] as const) {
  runKnowledgeIndexContract(
    `OpenSearch 2.19 (vectors: ${vectorMode === 'auto' ? 'k-NN plugin, Lucene HNSW' : 'Painless over _source'})`,
    {
      async create({ vectorDims }) {
        const index = new OpenSearchKnowledgeIndex({
          node: opensearchUrl(),
          indexPrefix: uniqueName('kidx').toLowerCase(),
          vectorDims,
          vectorMode,
        });
        await index.init();
        if (vectorMode === 'auto' && vectorDims !== null && index.vectorMode !== 'knn')
          throw new Error(`the harness node should offer the k-NN plugin; got ${index.vectorMode}`);
        return index;
      },
      async dispose(index: KnowledgeIndex) {
        if (index instanceof OpenSearchKnowledgeIndex) await index.drop();
        await index.close();
      },
    },
  );
}
