import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventBus } from '@andon/bus';
import { generateSigningKeyPair, type SigningKeyPair } from '@andon/governance/policy';
import { createLogger, Metrics, type Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { APPROVAL_GRPC, ApprovalModule } from '../approval.module';
import type { ApprovalGrpcServer } from '../grpc/approval-grpc.server';
import { testApprovalConfig } from './approval-context';
import { approvalUseCases, testUserDirectory, type ApprovalUseCases } from './approval-harness';

export interface ApprovalApp extends ApprovalUseCases {
  app: INestApplication;
  baseUrl: string;
  grpcPort: number;
  signingKey: SigningKeyPair;
  log: Logger;
  close(): Promise<void>;
}

/** The real Nest app (REST + gRPC + consumer + sweep) on free loopback ports. */
export async function startApprovalApp(options: {
  bus: EventBus;
  store: DocumentStore;
  consumerGroup?: string;
}): Promise<ApprovalApp> {
  const signingKey = generateSigningKeyPair();
  const log = createLogger('approval-test', 'silent');
  const config = testApprovalConfig({
    GRPC_ENABLED: true,
    EXPIRY_SWEEP_MS: 60_000,
    CONSUMER_GROUP: options.consumerGroup ?? 'approval',
  });
  @Module({
    imports: [
      ApprovalModule.forRoot({
        bus: options.bus,
        store: options.store,
        log,
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
    ...approvalUseCases(app),
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    grpcPort: grpc.port,
    signingKey,
    log,
    close: () => app.close(),
  };
}
