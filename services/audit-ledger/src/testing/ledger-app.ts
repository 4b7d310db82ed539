import { resolve } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, type TopicName } from '@andon/contracts';
import { Metrics, createLogger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { AUDIT_LEDGER_GRPC, AuditLedgerModule, type AuditLedgerModuleConfig } from '../audit-ledger.module';
import type { LedgerGrpcServer } from '../grpc/ledger-grpc.server';

export const TEST_LEDGER_CONFIG: AuditLedgerModuleConfig = {
  LEDGER_CHAIN: 'main',
  CONSUMER_GROUP: 'audit-ledger-test',
  LEDGER_SOURCE_LEASE_MS: 10_000,
  GRPC_PORT: 0,
  GRPC_ENABLED: true,
  JWT_HS256_SECRET: undefined,
  JWKS_URL: undefined,
  JWT_ISSUER: undefined,
  JWT_AUDIENCE: undefined,
  ROI_BASELINE_FILE: resolve(__dirname, '../../../../config/roi/baselines.yaml'),
};

export interface LedgerApp {
  app: INestApplication;
  baseUrl: string;
  /** null when gRPC is disabled */
  grpcPort: number | null;
  metrics: Metrics;
  close(): Promise<void>;
}

/** The audit ledger as the service runs it (Nest, REST on a loopback port, gRPC), on the given ports. */
export async function startLedgerApp(
  bus: EventBus,
  store: DocumentStore,
  config: Partial<AuditLedgerModuleConfig> = {},
): Promise<LedgerApp> {
  const metrics = new Metrics({}, false);
  @Module({
    imports: [
      AuditLedgerModule.forRoot({
        bus,
        store,
        log: createLogger('audit-ledger-test', 'silent'),
        metrics,
        config: { ...TEST_LEDGER_CONFIG, ...config },
      }),
    ],
  })
  class TestLedgerApp {}
  const app = await NestFactory.create(TestLedgerApp, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const grpcEnabled = config.GRPC_ENABLED ?? TEST_LEDGER_CONFIG.GRPC_ENABLED;
  const grpcPort = grpcEnabled ? app.get<LedgerGrpcServer>(AUDIT_LEDGER_GRPC).port : null;
  return { app, baseUrl: url.replace('[::1]', '127.0.0.1'), grpcPort, metrics, close: () => app.close() };
}

/**
 * The audit ledger's module started without HTTP or gRPC (an application context): the use
 * cases a spec drives are `app.get()` from it, built by Nest exactly as the service builds them.
 */
export async function openLedgerContext(
  bus: EventBus,
  store: DocumentStore,
  config: Partial<AuditLedgerModuleConfig> = {},
): Promise<INestApplicationContext> {
  @Module({
    imports: [
      AuditLedgerModule.forRoot({
        bus,
        store,
        log: createLogger('audit-ledger-test', 'silent'),
        metrics: new Metrics({}, false),
        config: { ...TEST_LEDGER_CONFIG, GRPC_ENABLED: false, ...config },
      }),
    ],
  })
  class TestLedgerContext {}
  return NestFactory.createApplicationContext(TestLedgerContext, { logger: false });
}

/** Publishes one governed record the way producers do (protobuf, event and correlation id headers). */
export async function publishGoverned(
  bus: EventBus,
  topic: TopicName,
  key: string,
  value: Uint8Array,
  eventId: string,
): Promise<void> {
  await bus.publish([
    {
      topic,
      key,
      value,
      headers: { [HeaderNames.EventId]: eventId, [HeaderNames.ContentType]: ContentTypes.Protobuf },
    },
  ]);
}
