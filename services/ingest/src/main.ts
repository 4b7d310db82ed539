import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { loadIngestConfig } from './config/ingest.config';
import { IngestModule } from './ingest.module';

async function bootstrap(): Promise<void> {
  const config = loadIngestConfig();
  const log = createLogger('ingest', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'ingest' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [ObservabilityModule.forRoot({ health, metrics }), IngestModule.forRoot({ bus, store, log, metrics, config })],
  })
  class AppModule {}

  // rawBody keeps the exact bytes of JSON requests for the DLQ; the parser limit is the
  // HTTP body limit (Nest's default of 100 kB would refuse legitimate batches).
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'], rawBody: true, bodyParser: false });
  app.useBodyParser('json', { limit: config.INGEST_HTTP_MAX_BODY_BYTES });
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT }, 'ingest listening');

  // The app first (consumers commit and leave the group), then the adapters it used.
  const shutdown = async (signal: string): Promise<void> => {
    log.info({ signal }, 'ingest shutting down');
    await app.close();
    await bus.close();
    await store.close();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
}

void bootstrap();
