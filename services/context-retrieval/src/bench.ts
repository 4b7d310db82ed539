// What bench/ measures inside this service, named here so that a change to these parts
// shows its benchmark at compile time. Imported as '@andon/service-context-retrieval/bench' by bench/ only
// (an Nx project, tags type:bench); never by production code or other services.
export { loadContextRetrievalConfig } from './config/context-retrieval.config';
export { governedFilter, type CallerContext, type RetrievalScope } from './domain/access-policy';
export { extractIdentifiers } from './domain/identifiers';
export {
  DOCUMENT_TYPES,
  classificationRank,
  type KnowledgeChunk,
  type StoredRevision,
} from './domain/knowledge-chunk';
export { createEmbeddings } from './embeddings/create-embeddings';
export { HashingEmbeddings } from './embeddings/hashing-embeddings';
export { loadCorpus } from './ingest-documents/corpus-loader';
export { DocumentIngestion } from './ingest-documents/document-ingestion.service';
export { ElasticsearchKnowledgeIndex } from './knowledge-index/elasticsearch/elasticsearch-knowledge-index.adapter';
export type {
  IndexFilter,
  KeywordQuery,
  KnowledgeIndex,
  ScoredChunk,
  SupersedeResult,
} from './knowledge-index/knowledge-index.port';
export { OpenSearchKnowledgeIndex } from './knowledge-index/opensearch/opensearch-knowledge-index.adapter';
export { SqliteKnowledgeIndex } from './knowledge-index/sqlite/sqlite-knowledge-index.adapter';
export { DEFAULT_FUSION, fusionPolicyFromConfig, type FusionPolicy } from './retrieve/fusion-policy';
export { HybridRetriever } from './retrieve/hybrid-retriever';
export { RetrieveService } from './retrieve/retrieve.service';
