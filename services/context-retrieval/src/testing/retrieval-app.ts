import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventBus } from '@andon/bus';
import { issueDevToken, type Principal } from '@andon/governance/auth';
import { createLlmGateway, loadLlmSettings } from '@andon/llm';
import { createLogger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { ContextRetrievalModuleConfig } from '../config/context-retrieval.config';
import { RecordIndexer } from '../index-records/record-indexer.service';
import { ContextRetrievalModule, RETRIEVAL_GRPC } from '../context-retrieval.module';
import type { RetrievalGrpcServer } from '../grpc/retrieval-grpc.server';
import type { KnowledgeIndex } from '../knowledge-index/knowledge-index.port';

export const REPO_ROOT = join(__dirname, '../../../..');
export const TEST_HS256_SECRET = 'context-retrieval-test-secret-0123456789';

export interface RetrievalApp {
  app: INestApplication;
  baseUrl: string;
  grpcPort: number;
  /** The module's own record indexer (what the plant-events consumer calls), for seeding records. */
  records: RecordIndexer;
  token(principal: Principal): Promise<string>;
  close(): Promise<void>;
}

/** The real Nest app (REST + gRPC + consumers + start-up indexing of knowledge/) on free loopback ports. */
export async function startRetrievalApp(options: {
  bus: EventBus;
  store: DocumentStore;
  index: KnowledgeIndex;
  now?: () => number;
}): Promise<RetrievalApp> {
  const config: ContextRetrievalModuleConfig = {
    GRPC_PORT: 0,
    GRPC_ENABLED: true,
    JWT_HS256_SECRET: TEST_HS256_SECRET,
    JWKS_URL: undefined,
    JWT_ISSUER: undefined,
    JWT_AUDIENCE: undefined,
    KNOWLEDGE_DIR: join(REPO_ROOT, 'knowledge'),
    RETRIEVAL_TOP_K: 8,
    INDEX_PLANT_EVENTS: true,
    CONSUMER_GROUP: 'context-retrieval',
  };
  @Module({
    imports: [
      ContextRetrievalModule.forRoot({
        index: options.index,
        bus: options.bus,
        store: options.store,
        log: createLogger('context-retrieval-test', 'silent'),
        metrics: new Metrics({ service: 'context-retrieval-test' }, false),
        gateway: createLlmGateway({ settings: loadLlmSettings({}), baseDir: REPO_ROOT }),
        embeddings: null,
        config,
        ...(options.now ? { now: options.now } : {}),
      }),
    ],
  })
  class TestAppModule {}

  const app = await NestFactory.create(TestAppModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const grpc = app.get<RetrievalGrpcServer>(RETRIEVAL_GRPC);
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    grpcPort: grpc.port,
    records: app.get(RecordIndexer),
    token: (principal) => issueDevToken(principal, { secret: TEST_HS256_SECRET }),
    close: () => app.close(),
  };
}
