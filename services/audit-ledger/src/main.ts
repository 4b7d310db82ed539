import 'reflect-metadata';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { AuditLedgerModule } from './audit-ledger.module';
import { loadLedgerConfig } from './config/ledger.config';

async function bootstrap(): Promise<void> {
  const config = loadLedgerConfig();
  const log = createLogger('audit-ledger', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'audit-ledger' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [ObservabilityModule.forRoot({ health, metrics }), AuditLedgerModule.forRoot({ bus, store, log, metrics, config })],
  })
  class AppModule implements OnApplicationShutdown {
    // Runs after the service module stopped consuming: nothing uses the ports any more.
    async onApplicationShutdown(): Promise<void> {
      await bus.close();
      await store.close();
    }
  }

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT, grpc: config.GRPC_ENABLED ? config.GRPC_PORT : 'off', chain: config.LEDGER_CHAIN }, 'audit-ledger listening');
}

void bootstrap();
