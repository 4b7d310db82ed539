import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { loadProductionAgentConfig } from './config/production-agent.config';
import { ProductionAgentModule } from './production-agent.module';

async function bootstrap(): Promise<void> {
  const config = loadProductionAgentConfig();
  const log = createLogger('production-agent', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'production-agent' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [ObservabilityModule.forRoot({ health, metrics }), ProductionAgentModule.forRoot({ bus, store, log, metrics, config })],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT }, 'production-agent listening');
  process.once('beforeExit', () => void Promise.all([bus.close(), store.close()]));
}

void bootstrap();
