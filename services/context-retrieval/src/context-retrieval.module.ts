import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import type { EmbeddingsPort, LlmGateway } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore, Versioned } from '@andon/persistence';
import type { Escalation } from './ask/ask.service';
import {
  createContextRetrievalCore,
  type ContextRetrievalCore,
  type ContextRetrievalModuleConfig,
} from './context-retrieval-core';
import { PlantEventsConsumer } from './index-records/plant-events.consumer';
import { DocumentsConsumer, RETRIEVAL_TOPICS } from './ingest-documents/documents.consumer';
import type { FusionPolicy } from './retrieve/fusion-policy';
import { CONTEXT_RETRIEVAL_CORE, RETRIEVAL_OPTIONS, RETRIEVAL_SETTINGS } from './context-retrieval.tokens';
import { RetrievalGrpcServer } from './grpc/retrieval-grpc.server';
import { ServiceKitModule, USER_SCHEME, authenticatorToken } from '@andon/service-kit';
import { RetrievalController } from './http/retrieval.controller';
import type { IngestProgress } from './ingest-documents/document-ingestion.service';
import type { KnowledgeIndex } from './knowledge-index/knowledge-index.port';

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

export const ESCALATIONS_COLLECTION = 'retrieval_escalations';
export interface EscalationRecord extends Versioned, Escalation {
  at: string;
}

/** The gRPC server provider (its class is the token). */
export const RETRIEVAL_GRPC = RetrievalGrpcServer;
export { RETRIEVAL_TOPICS };

/**
 * Context retrieval as a Nest module: REST under /api (ask, retrieve, documents), gRPC
 * RetrievalService, the plant-event and published-document consumers, and start-up
 * indexing of the knowledge folder. It receives its ports as instances so
 * services/standalone can compose it on embedded adapters.
 */
@Module({})
export class ContextRetrievalModule {
  static forRoot(options: ContextRetrievalModuleOptions): DynamicModule {
    return {
      module: ContextRetrievalModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [RetrievalController],
      providers: [
        { provide: RETRIEVAL_OPTIONS, useValue: options },
        { provide: RETRIEVAL_SETTINGS, useValue: options.config },
        {
          provide: CONTEXT_RETRIEVAL_CORE,
          useFactory: async () => {
            const escalations = await options.store.collection<EscalationRecord>(ESCALATIONS_COLLECTION, [
              { name: 'by_site_at', fields: { site: 1, at: -1 } },
            ]);
            return createContextRetrievalCore({
              ...options,
              onEscalation: async (e) => {
                await escalations.insert({
                  _id: randomUUID(),
                  ...e,
                  at: new Date((options.now ?? Date.now)()).toISOString(),
                });
              },
            });
          },
        },
        RetrievalGrpcServer,
        DocumentsConsumer,
        PlantEventsConsumer,
        {
          provide: authenticatorToken(USER_SCHEME),
          useFactory: (core: ContextRetrievalCore) => core.verifier,
          inject: [CONTEXT_RETRIEVAL_CORE],
        },
      ],
      exports: [CONTEXT_RETRIEVAL_CORE, RETRIEVAL_GRPC],
    };
  }
}
