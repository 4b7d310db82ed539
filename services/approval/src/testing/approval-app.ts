import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventBus } from '@andon/bus';
import { generateSigningKeyPair, type SigningKeyPair } from '@andon/governance/policy';
import { createLogger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { APPROVAL_GRPC, ApprovalModule, type ApprovalModuleConfig } from '../approval.module';
import type { ApprovalGrpcServer } from '../grpc/approval-grpc.server';
import { POLICY_ROOT, TEST_HS256_SECRET, testUserDirectory } from './approval-harness';

export interface ApprovalApp {
  app: INestApplication;
  baseUrl: string;
  grpcPort: number;
  core: ApprovalCore;
  signingKey: SigningKeyPair;
  close(): Promise<void>;
}

/** The real Nest app (REST + gRPC + consumer + sweep) on free loopback ports. */
export async function startApprovalApp(options: {
  bus: EventBus;
  store: DocumentStore;
  consumerGroup?: string;
}): Promise<ApprovalApp> {
  const signingKey = generateSigningKeyPair();
  const config: ApprovalModuleConfig = {
    GRPC_PORT: 0,
    GRPC_ENABLED: true,
    JWT_HS256_SECRET: TEST_HS256_SECRET,
    JWKS_URL: undefined,
    JWT_ISSUER: undefined,
    JWT_AUDIENCE: undefined,
    LOGIN_TOKEN_TTL: '1h',
    POLICY_DIR: POLICY_ROOT,
    EXPIRY_SWEEP_MS: 60_000,
    CONSUMER_GROUP: options.consumerGroup ?? 'approval',
  };
  @Module({
    imports: [
      ApprovalModule.forRoot({
        bus: options.bus,
        store: options.store,
        log: createLogger('approval-test', 'silent'),
        metrics: new Metrics({ service: 'approval-test' }, false),
        config,
        signingKey,
        users: await testUserDirectory(),
      }),
    ],
  })
  class TestAppModule {}

  const app = await NestFactory.create(TestAppModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const grpc = app.get<ApprovalGrpcServer>(APPROVAL_GRPC);
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    grpcPort: grpc.port,
    core: app.get<ApprovalCore>(APPROVAL_CORE),
    signingKey,
    close: () => app.close(),
  };
}
