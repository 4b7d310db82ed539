import 'reflect-metadata';
import { bootstrapService, enforceProductionProfile } from '@andon/service-kit';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { AuditLedgerModule } from './audit-ledger.module';
import { LEDGER_PRODUCTION_CHECKS, loadLedgerConfig } from './config/ledger.config';

async function bootstrap(): Promise<void> {
  enforceProductionProfile('audit-ledger', process.env, LEDGER_PRODUCTION_CHECKS);
  const config = loadLedgerConfig();
  const log = createLogger('audit-ledger', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'audit-ledger' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      AuditLedgerModule.forRoot({ bus, store, log, metrics, config }),
    ],
  })
  class AppModule {}

  await bootstrapService({
    name: 'audit-ledger',
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    closers: [() => bus.close(), () => store.close()],
    details: { grpc: config.GRPC_ENABLED ? config.GRPC_PORT : 'off', chain: config.LEDGER_CHAIN },
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`audit-ledger failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
