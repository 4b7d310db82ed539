/** The module's options (ContextRetrievalModuleOptions: config, start-up corpus progress) for the providers that read them. */
export const RETRIEVAL_OPTIONS = Symbol('RETRIEVAL_OPTIONS');
/** The module's config (ContextRetrievalModuleConfig). */
export const RETRIEVAL_SETTINGS = Symbol('RETRIEVAL_SETTINGS');
/** The knowledge index (KnowledgeIndex port: SQLite, Elasticsearch or OpenSearch). */
export const KNOWLEDGE_INDEX = Symbol('KNOWLEDGE_INDEX');
/** The embeddings port (EmbeddingsPort | null: null turns the vector retriever off). */
export const EMBEDDINGS = Symbol('EMBEDDINGS');
/** The LLM gateway the Ask use case answers through. */
export const LLM_GATEWAY = Symbol('LLM_GATEWAY');
/** HybridRetrieverOptions (fusion policy, log). */
export const RETRIEVER_OPTIONS = Symbol('RETRIEVER_OPTIONS');
/** RetrieveServiceOptions (default top-k, clock, log, metrics). */
export const RETRIEVE_OPTIONS = Symbol('RETRIEVE_OPTIONS');
/** AskServiceOptions (escalation log, revision text, log, metrics). */
export const ASK_OPTIONS = Symbol('ASK_OPTIONS');
/** DocumentIngestionOptions (log, clock). */
export const INGESTION_OPTIONS = Symbol('INGESTION_OPTIONS');
