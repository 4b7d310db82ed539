import 'reflect-metadata';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { parsePublicKeys } from './config/public-keys';
import { loadWritebackConfig } from './config/writeback.config';
import { createRestMes } from './mes/create-rest-mes';
import { MesWritebackModule } from './mes-writeback.module';

async function bootstrap(): Promise<void> {
  const config = loadWritebackConfig();
  const log = createLogger('mes-writeback', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'mes-writeback' });
  const health = new HealthRegistry();
  const publicKeys = parsePublicKeys(config.APPROVAL_PUBLIC_KEYS);
  const mes = createRestMes(config, { log, metrics });
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      MesWritebackModule.forRoot({ bus, store, log, metrics, config, publicKeys, mes }),
    ],
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
  log.info({ port: config.HTTP_PORT, sites: mes.sites, keys: [...publicKeys.keys()], dryRun: config.WRITEBACK_DRY_RUN }, 'mes-writeback listening');
}

void bootstrap();
