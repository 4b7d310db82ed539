import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterConfig } from '@andon/config';
import { ElasticsearchKnowledgeIndex } from './elasticsearch/elasticsearch-knowledge-index.adapter';
import type { KnowledgeIndex } from './knowledge-index.port';
import { OpenSearchKnowledgeIndex } from './opensearch/opensearch-knowledge-index.adapter';
import { SqliteKnowledgeIndex } from './sqlite/sqlite-knowledge-index.adapter';

export const KNOWLEDGE_SQLITE_FILE = 'knowledge-index.sqlite';

export interface KnowledgeIndexConfig extends Pick<AdapterConfig, 'ELASTICSEARCH_URL' | 'ANDON_DATA_DIR'> {
  OPENSEARCH_URL?: string | undefined;
  KNOWLEDGE_INDEX_PREFIX: string;
}

/**
 * OpenSearch when OPENSEARCH_URL is configured, else Elasticsearch when ELASTICSEARCH_URL
 * is, otherwise SQLite under ANDON_DATA_DIR (':memory:' keeps it in the process).
 * Returned initialised.
 */
export async function createKnowledgeIndex(
  config: KnowledgeIndexConfig,
  vectorDims: number | null,
): Promise<KnowledgeIndex> {
  let index: KnowledgeIndex;
  if (config.OPENSEARCH_URL) {
    index = new OpenSearchKnowledgeIndex({
      node: config.OPENSEARCH_URL,
      indexPrefix: config.KNOWLEDGE_INDEX_PREFIX,
      vectorDims,
    });
  } else if (config.ELASTICSEARCH_URL) {
    index = new ElasticsearchKnowledgeIndex({
      node: config.ELASTICSEARCH_URL,
      indexPrefix: config.KNOWLEDGE_INDEX_PREFIX,
      vectorDims,
    });
  } else if (config.ANDON_DATA_DIR === ':memory:') {
    index = new SqliteKnowledgeIndex({ file: ':memory:', vectorDims });
  } else {
    mkdirSync(config.ANDON_DATA_DIR, { recursive: true });
    index = new SqliteKnowledgeIndex({
      file: join(config.ANDON_DATA_DIR, KNOWLEDGE_SQLITE_FILE),
      vectorDims,
    });
  }
  await index.init();
  return index;
}
