import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import {
  boundTokenProblems,
  bootstrapService,
  enforceProductionProfile,
  parseBoundTokens,
} from '@andon/service-kit';
import { loadIngestConfig } from './config/ingest.config';
import { INGEST_PRE_AUTH } from './http-ingest/ingest-auth';
import { IngestModule } from './ingest.module';
import { loadMqttSourceConfig } from './mqtt-source/mqtt-source.config';
import { mqttSourceProviders } from './mqtt-source/mqtt-source.providers';
import { loadOpcuaSourceConfig, opcuaProductionProblems } from './opcua-source/opcua-source.config';
import { opcuaSourceProviders } from './opcua-source/opcua-source.providers';

async function bootstrap(): Promise<void> {
  const config = loadIngestConfig();
  enforceProductionProfile('ingest', process.env, [
    (env) =>
      boundTokenProblems(
        parseBoundTokens(env['INGEST_HTTP_TOKENS'], 'INGEST_HTTP_TOKENS'),
        'INGEST_HTTP_TOKENS',
      ).map((problem) => ({ variable: 'INGEST_HTTP_TOKENS', problem })),
    (env) =>
      parseBoundTokens(env['INGEST_ADMIN_TOKENS'], 'INGEST_ADMIN_TOKENS').some((t) => t.token.length < 32)
        ? [{ variable: 'INGEST_ADMIN_TOKENS', problem: 'every token must be at least 32 characters' }]
        : [],
    opcuaProductionProblems,
  ]);
  const log = createLogger('ingest', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'ingest' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      IngestModule.forRoot({ bus, store, log, metrics, config }),
    ],
    // The MQTT source and the OPC UA source (ADR 0016), only when INGEST_MQTT_URL / INGEST_OPCUA_URL is set.
    providers: [
      ...mqttSourceProviders(loadMqttSourceConfig(), health),
      ...opcuaSourceProviders(loadOpcuaSourceConfig(), health),
    ],
  })
  class AppModule {}

  // rawBody keeps the exact bytes of JSON requests for the DLQ; the parser limit is the HTTP
  // body limit. The integration token is checked before the parser reads a byte of the body.
  await bootstrapService({
    name: 'ingest',
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    rawBody: true,
    jsonLimitBytes: config.INGEST_HTTP_MAX_BODY_BYTES,
    preAuth: INGEST_PRE_AUTH,
    closers: [() => bus.close(), () => store.close()],
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`ingest failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
