import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { loadPlantQueryConfig } from './config/plant-query.config';
import { PlantQueryModule } from './plant-query.module';

async function bootstrap(): Promise<void> {
  const config = loadPlantQueryConfig();
  const log = createLogger('plant-query', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'plant-query' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());
  if (!config.JWT_HS256_SECRET) log.warn('JWT_HS256_SECRET is not set: POST /api/plant-query refuses every call');

  @Module({
    imports: [ObservabilityModule.forRoot({ health, metrics }), PlantQueryModule.forRoot({ bus, store, log, metrics, config })],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT }, 'plant-query listening');
  process.once('beforeExit', () => void Promise.all([bus.close(), store.close()]));
}

void bootstrap();
