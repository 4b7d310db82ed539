// Public API of services/context-retrieval, for services/standalone's composition root.
export {
  ContextRetrievalModule,
  RETRIEVAL_GRPC,
  RETRIEVAL_TOPICS,
  ESCALATIONS_COLLECTION,
  type ContextRetrievalModuleOptions,
} from './context-retrieval.module';
export {
  contextRetrievalConfigSchema,
  loadContextRetrievalConfig,
  type ContextRetrievalConfig,
  type ContextRetrievalModuleConfig,
} from './config/context-retrieval.config';
export {
  createKnowledgeIndex,
  KNOWLEDGE_SQLITE_FILE,
  type KnowledgeIndexConfig,
} from './knowledge-index/create-knowledge-index';
export type { KnowledgeIndex, IndexFilter } from './knowledge-index/knowledge-index.port';
export { SqliteKnowledgeIndex } from './knowledge-index/sqlite/sqlite-knowledge-index.adapter';
export { ElasticsearchKnowledgeIndex } from './knowledge-index/elasticsearch/elasticsearch-knowledge-index.adapter';
export { createEmbeddings, type ResolvedEmbeddings } from './embeddings/create-embeddings';
export { HashingEmbeddings } from './embeddings/hashing-embeddings';
export { fusionPolicyFromConfig, type FusionPolicy } from './retrieve/fusion-policy';
export { createProgressBar, type ProgressBarOptions } from './ingest-documents/progress-bar';
export { loadCorpus } from './ingest-documents/corpus-loader';
export type { IngestProgress, IngestReport } from './ingest-documents/document-ingestion.service';
export { RetrievalGrpcServer } from './grpc/retrieval-grpc.server';
