import type { EventBus } from '@andon/bus';
import { userAuthenticatorFrom, type UserAuthenticator } from '@andon/service-kit';
import type { EmbeddingsPort, LlmGateway } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import { AskService, type Escalation } from './ask/ask.service';
import type { ContextRetrievalConfig } from './config/context-retrieval.config';
import { DocumentIngestion } from './ingest-documents/document-ingestion.service';
import { RecordIndexer } from './index-records/record-indexer.service';
import type { KnowledgeIndex } from './knowledge-index/knowledge-index.port';
import { DocumentAccess } from './retrieve/document-access.service';
import { RecordAccess } from './retrieve/record-access.service';
import type { FusionPolicy } from './retrieve/fusion-policy';
import { HybridRetriever } from './retrieve/hybrid-retriever';
import { RetrieveService } from './retrieve/retrieve.service';

/** The config keys the service reads; a full ContextRetrievalConfig satisfies it. */
export type ContextRetrievalModuleConfig = Pick<
  ContextRetrievalConfig,
  | 'GRPC_PORT'
  | 'GRPC_ENABLED'
  | 'JWT_HS256_SECRET'
  | 'JWKS_URL'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
  | 'KNOWLEDGE_DIR'
  | 'RETRIEVAL_TOP_K'
  | 'INDEX_PLANT_EVENTS'
  | 'CONSUMER_GROUP'
>;

export interface ContextRetrievalDeps {
  index: KnowledgeIndex;
  bus: EventBus;
  log: Logger;
  metrics: Metrics;
  gateway: LlmGateway;
  /** Null: the vector retriever is off and BM25 ranks alone. */
  embeddings: EmbeddingsPort | null;
  /** How BM25 and vector hits are fused (default: RRF); see fusionPolicyFromConfig. */
  fusion?: FusionPolicy;
  config: ContextRetrievalModuleConfig;
  onEscalation?: (e: Escalation) => void | Promise<void>;
  now?: () => number;
}

export interface ContextRetrievalCore {
  index: KnowledgeIndex;
  log: Logger;
  ingestion: DocumentIngestion;
  records: RecordIndexer;
  retrieve: RetrieveService;
  ask: AskService;
  documents: DocumentAccess;
  /** Click-through to one indexed plant event (`GET /api/records/:id`). */
  recordAccess: RecordAccess;
  /** People's tokens (the kit's user scheme); with no key configured it refuses every call. */
  verifier: UserAuthenticator;
  now: () => number;
}

/** Wires the use cases on the given ports; no Nest, so tests and standalone share it. */
export function createContextRetrievalCore(deps: ContextRetrievalDeps): ContextRetrievalCore {
  const now = deps.now ?? Date.now;
  const log = deps.log.child({ component: 'context-retrieval' });
  const retriever = new HybridRetriever(deps.index, deps.embeddings, {
    log,
    ...(deps.fusion ? { fusion: deps.fusion } : {}),
  });
  const retrieve = new RetrieveService(retriever, {
    defaultTopK: deps.config.RETRIEVAL_TOP_K,
    now,
    log,
    metrics: deps.metrics,
  });
  const ingestion = new DocumentIngestion({ index: deps.index, embeddings: deps.embeddings, log, now });
  const records = new RecordIndexer(deps.index, deps.embeddings, log);
  const { config } = deps;
  const verifier = userAuthenticatorFrom(config);
  return {
    index: deps.index,
    log,
    ingestion,
    records,
    retrieve,
    ask: new AskService(retrieve, deps.gateway, {
      log,
      metrics: deps.metrics,
      ...(deps.onEscalation ? { onEscalation: deps.onEscalation } : {}),
      // The hit's own revision: retrieval already decided the caller may read it.
      revisionText: async (documentId, revision) =>
        (await deps.index.listRevisions(documentId)).find((r) => r.revision === revision)?.text,
    }),
    documents: new DocumentAccess(deps.index, now),
    recordAccess: new RecordAccess(deps.index),
    verifier,
    now,
  };
}
