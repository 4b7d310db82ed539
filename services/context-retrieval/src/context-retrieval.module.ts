import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventBus } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import type { EmbeddingsPort, LlmGateway } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore, Versioned } from '@andon/persistence';
import type { Escalation } from './ask/ask.service';
import { createContextRetrievalCore, type ContextRetrievalCore, type ContextRetrievalModuleConfig } from './context-retrieval-core';
import type { FusionPolicy } from './retrieve/fusion-policy';
import { CONTEXT_RETRIEVAL_CORE } from './context-retrieval.tokens';
import { RetrievalGrpcServer } from './grpc/retrieval-grpc.server';
import { ServiceKitModule, USER_SCHEME, authenticatorToken } from '@andon/service-kit';
import { RetrievalController } from './http/retrieval.controller';
import { loadCorpus } from './ingest-documents/corpus-loader';
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

export const RETRIEVAL_GRPC = Symbol('RETRIEVAL_GRPC');
const RETRIEVAL_OPTIONS = Symbol('RETRIEVAL_OPTIONS');

/** Topics this service reads (and dead-letters to), created if missing. */
export const RETRIEVAL_TOPICS = [Topics.PlantEvents, Topics.DocumentsPublished, Topics.DeadLetters].map((name) => ({ name, partitions: TOPIC_SPECS[name].partitions }));

class ContextRetrievalLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CONTEXT_RETRIEVAL_CORE) private readonly core: ContextRetrievalCore,
    @Inject(RETRIEVAL_GRPC) private readonly grpc: RetrievalGrpcServer,
    @Inject(RETRIEVAL_OPTIONS) private readonly options: ContextRetrievalModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this.options;
    await this.options.bus.ensureTopics(RETRIEVAL_TOPICS);
    if (config.KNOWLEDGE_DIR) {
      const corpus = loadCorpus(resolve(config.KNOWLEDGE_DIR)).map((d) => d.document);
      const progress = this.options.onIngestProgress ?? ((p: IngestProgress) => this.core.log.debug({ done: p.done, total: p.total, documentId: p.last.documentId, outcome: p.last.outcome }, 'knowledge indexing'));
      const report = await this.core.ingestion.ingestAll(corpus, progress);
      this.core.log.info({ dir: config.KNOWLEDGE_DIR, ...report, outcomes: undefined }, 'knowledge corpus indexed');
    }
    await this.core.publishedDocuments.start();
    if (config.INDEX_PLANT_EVENTS) await this.core.plantEvents.start();
    if (config.GRPC_ENABLED) await this.grpc.start(config.GRPC_PORT);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.grpc.stop();
    await this.core.plantEvents.stop();
    await this.core.publishedDocuments.stop();
  }
}

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
      imports: [ServiceKitModule],
      controllers: [RetrievalController],
      providers: [
        { provide: RETRIEVAL_OPTIONS, useValue: options },
        {
          provide: CONTEXT_RETRIEVAL_CORE,
          useFactory: async () => {
            const escalations = await options.store.collection<EscalationRecord>(ESCALATIONS_COLLECTION, [{ name: 'by_site_at', fields: { site: 1, at: -1 } }]);
            return createContextRetrievalCore({
              ...options,
              onEscalation: async (e) => {
                await escalations.insert({ _id: randomUUID(), ...e, at: new Date((options.now ?? Date.now)()).toISOString() });
              },
            });
          },
        },
        { provide: RETRIEVAL_GRPC, useFactory: (core: ContextRetrievalCore) => new RetrievalGrpcServer(core), inject: [CONTEXT_RETRIEVAL_CORE] },
        { provide: authenticatorToken(USER_SCHEME), useFactory: (core: ContextRetrievalCore) => core.verifier, inject: [CONTEXT_RETRIEVAL_CORE] },
        ContextRetrievalLifecycle,
      ],
      exports: [CONTEXT_RETRIEVAL_CORE, RETRIEVAL_GRPC],
    };
  }
}
