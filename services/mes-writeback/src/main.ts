import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { parsePublicKeys } from './config/public-keys';
import { loadWritebackConfig } from './config/writeback.config';
import { loadEndpointMaps } from './mes/endpoint-map';
import { RestMesAdapter } from './mes/rest-mes.adapter';
import { MesWritebackModule } from './mes-writeback.module';
import { WritebackMetrics } from './execute/writeback-metrics';

async function bootstrap(): Promise<void> {
  const config = loadWritebackConfig();
  const log = createLogger('mes-writeback', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'mes-writeback' });
  const health = new HealthRegistry();
  const publicKeys = parsePublicKeys(config.APPROVAL_PUBLIC_KEYS);
  const maps = loadEndpointMaps(config.MES_ENDPOINTS_DIR, config.MES_BASE_URLS ?? {});
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());
  const writebackMetrics = new WritebackMetrics(metrics);
  const mes = new RestMesAdapter({
    maps,
    timeoutMs: config.MES_TIMEOUT_MS,
    retry: { attempts: config.MES_RETRY_ATTEMPTS, baseDelayMs: config.MES_RETRY_BASE_MS, maxDelayMs: config.MES_RETRY_MAX_MS },
    log: log.child({ component: 'mes-rest' }),
    onRetry: () => writebackMetrics.retried(),
  });

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      MesWritebackModule.forRoot({ bus, store, log, metrics, config, publicKeys, mes }),
    ],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT, sites: [...maps.keys()], keys: [...publicKeys.keys()], dryRun: config.WRITEBACK_DRY_RUN }, 'mes-writeback listening');
}

void bootstrap();
