import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import type { EmbeddingsPort, LlmGateway } from '@andon/llm';
import { Metrics, type Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import {
  DOCUMENT_STORE,
  SERVICE_LOG,
  ServiceKitModule,
  servicePortProviders,
  clockOf,
  userAuthProvider,
} from '@andon/service-kit';
import { AskService, type AskServiceOptions } from './ask/ask.service';
import { EscalationLog } from './ask/escalation-log.repository';
import type { ContextRetrievalModuleConfig } from './config/context-retrieval.config';
import {
  ASK_OPTIONS,
  EMBEDDINGS,
  INGESTION_OPTIONS,
  KNOWLEDGE_INDEX,
  LLM_GATEWAY,
  RETRIEVAL_OPTIONS,
  RETRIEVAL_SETTINGS,
  RETRIEVE_OPTIONS,
  RETRIEVER_OPTIONS,
} from './context-retrieval.tokens';
import { RetrievalGrpcServer } from './grpc/retrieval-grpc.server';
import { RetrievalController } from './http/retrieval.controller';
import { PlantEventsConsumer } from './index-records/plant-events.consumer';
import { RecordIndexer } from './index-records/record-indexer.service';
import {
  DocumentIngestion,
  type DocumentIngestionOptions,
  type IngestProgress,
} from './ingest-documents/document-ingestion.service';
import { DocumentsConsumer, RETRIEVAL_TOPICS } from './ingest-documents/documents.consumer';
import type { KnowledgeIndex } from './knowledge-index/knowledge-index.port';
import { DocumentAccess } from './retrieve/document-access.service';
import type { FusionPolicy } from './retrieve/fusion-policy';
import { HybridRetriever, type HybridRetrieverOptions } from './retrieve/hybrid-retriever';
import { RecordAccess } from './retrieve/record-access.service';
import { RetrieveService, type RetrieveServiceOptions } from './retrieve/retrieve.service';

export interface ContextRetrievalModuleOptions {
  index: KnowledgeIndex;
  bus: EventBus;
  /** Keeps escalated (refused) safety questions for supervisors and audit. */
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  gateway: LlmGateway;
  embeddings: EmbeddingsPort | null;
  /** How BM25 and vector hits are fused (default: RRF). */
  fusion?: FusionPolicy;
  config: ContextRetrievalModuleConfig;
  /** Start-up corpus indexing progress (e.g. createProgressBar()); logged when absent. */
  onIngestProgress?: (p: IngestProgress) => void;
  now?: () => number;
}

export { ESCALATIONS_COLLECTION, type EscalationRecord } from './ask/escalation-log.repository';

/** The gRPC server provider (its class is the token). */
export const RETRIEVAL_GRPC = RetrievalGrpcServer;
export { RETRIEVAL_TOPICS };

/**
 * Context retrieval as a Nest module: REST under /api (ask, retrieve, documents), gRPC
 * RetrievalService, the plant-event and published-document consumers, and start-up
 * indexing of the knowledge folder. It receives its ports as instances (so
 * services/standalone can compose it on embedded adapters) and hands them to Nest's
 * injector; every use case is a class Nest builds from its constructor, and each
 * controller, consumer and the gRPC server injects only the use cases it calls.
 */
@Module({})
export class ContextRetrievalModule {
  static forRoot(options: ContextRetrievalModuleOptions): DynamicModule {
    const now = options.now ?? Date.now;
    return {
      module: ContextRetrievalModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [RetrievalController],
      providers: [
        ...servicePortProviders({
          ...options,
          component: 'context-retrieval',
          clock: clockOf(() => new Date(now())),
        }),
        { provide: RETRIEVAL_OPTIONS, useValue: options },
        { provide: RETRIEVAL_SETTINGS, useValue: options.config },
        { provide: KNOWLEDGE_INDEX, useValue: options.index },
        { provide: EMBEDDINGS, useValue: options.embeddings },
        { provide: LLM_GATEWAY, useValue: options.gateway },
        // People's tokens (the kit's user scheme); with no key configured it refuses every call.
        userAuthProvider(options.config),
        {
          provide: EscalationLog,
          useFactory: (store: DocumentStore) => EscalationLog.open(store, now),
          inject: [DOCUMENT_STORE],
        },
        {
          provide: RETRIEVER_OPTIONS,
          useFactory: (log: Logger): HybridRetrieverOptions => ({
            log,
            ...(options.fusion ? { fusion: options.fusion } : {}),
          }),
          inject: [SERVICE_LOG],
        },
        {
          provide: RETRIEVE_OPTIONS,
          useFactory: (log: Logger, metrics: Metrics): RetrieveServiceOptions => ({
            defaultTopK: options.config.RETRIEVAL_TOP_K,
            now,
            log,
            metrics,
          }),
          inject: [SERVICE_LOG, Metrics],
        },
        {
          provide: ASK_OPTIONS,
          useFactory: (log: Logger, metrics: Metrics, escalations: EscalationLog): AskServiceOptions => ({
            log,
            metrics,
            onEscalation: (e) => escalations.record(e),
            // The hit's own revision: retrieval already decided the caller may read it.
            revisionText: async (documentId, revision) =>
              (await options.index.listRevisions(documentId)).find((r) => r.revision === revision)?.text,
          }),
          inject: [SERVICE_LOG, Metrics, EscalationLog],
        },
        {
          provide: INGESTION_OPTIONS,
          useFactory: (log: Logger): DocumentIngestionOptions => ({ log, now }),
          inject: [SERVICE_LOG],
        },
        HybridRetriever,
        RetrieveService,
        AskService,
        DocumentIngestion,
        RecordIndexer,
        DocumentAccess,
        RecordAccess,
        RetrievalGrpcServer,
        DocumentsConsumer,
        PlantEventsConsumer,
      ],
      exports: [RETRIEVAL_GRPC],
    };
  }
}
