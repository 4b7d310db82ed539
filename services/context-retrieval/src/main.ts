import 'reflect-metadata';
import { bootstrapService, enforceProductionProfile, productionChecks } from '@andon/service-kit';
import { Module } from '@nestjs/common';
import { LlmCallPublisher } from '@andon/agent-kit';
import { createEventBus } from '@andon/bus';
import { Topics } from '@andon/contracts';
import { createLlmGateway, DocumentCallCaptureStore, DocumentTokenUsageStore } from '@andon/llm';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { loadContextRetrievalConfig } from './config/context-retrieval.config';
import { ContextRetrievalModule } from './context-retrieval.module';
import { createEmbeddings } from './embeddings/create-embeddings';
import { createProgressBar } from './ingest-documents/progress-bar';
import { fusionPolicyFromConfig } from './retrieve/fusion-policy';
import { createKnowledgeIndex } from './knowledge-index/create-knowledge-index';

async function bootstrap(): Promise<void> {
  const config = loadContextRetrievalConfig();
  enforceProductionProfile('context-retrieval', process.env, [productionChecks.userTokens]);
  const log = createLogger('context-retrieval', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'context-retrieval' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  const { embeddings, dims, description, semantic } = createEmbeddings(config);
  const fusion = fusionPolicyFromConfig(config, semantic);
  const index = await createKnowledgeIndex(config, dims);
  // Every model call (operator Q&A) becomes an LLM call record for the ledger.
  const gateway = createLlmGateway({
    metrics,
    onCall: new LlmCallPublisher(bus, Topics.LlmCalls, 'context-retrieval').sink,
    tokenUsage: await DocumentTokenUsageStore.open(store),
    captures: await DocumentCallCaptureStore.open(store),
  });
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());
  health.register('knowledge-index', () => index.ping());
  log.info(
    {
      engine: index.engine,
      ranking: description,
      fusion: fusion.method,
      llm: gateway.llmConfigured ? 'model' : 'deterministic engine',
    },
    'context-retrieval starting',
  );

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      ContextRetrievalModule.forRoot({
        index,
        bus,
        store,
        log,
        metrics,
        gateway,
        embeddings,
        fusion,
        config,
        ...(process.stderr.isTTY ? { onIngestProgress: createProgressBar(process.stderr) } : {}),
      }),
    ],
  })
  class AppModule {}

  await bootstrapService({
    name: 'context-retrieval',
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    closers: [() => bus.close(), () => store.close()],
    details: { grpcPort: config.GRPC_ENABLED ? config.GRPC_PORT : null },
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `context-retrieval failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
