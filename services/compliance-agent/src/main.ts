import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { loadComplianceAgentConfig } from './config/compliance-agent.config';
import { ComplianceAgentModule } from './compliance-agent.module';

async function bootstrap(): Promise<void> {
  const config = loadComplianceAgentConfig();
  const log = createLogger('compliance-agent', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'compliance-agent' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [ObservabilityModule.forRoot({ health, metrics }), ComplianceAgentModule.forRoot({ bus, store, log, metrics, config })],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT }, 'compliance-agent listening');
  process.once('beforeExit', () => void Promise.all([bus.close(), store.close()]));
}

void bootstrap();
