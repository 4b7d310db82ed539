import 'reflect-metadata';
import {
  ProductionProfileError,
  bootstrapService,
  enforceProductionProfile,
  productionChecks,
} from '@andon/service-kit';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { parsePublicKeys } from './config/public-keys';
import { loadWritebackConfig } from './config/writeback.config';
import { createRestMes } from './mes/create-rest-mes';
import { MesWritebackModule } from './mes-writeback.module';

async function bootstrap(): Promise<void> {
  const config = loadWritebackConfig();
  // The MES credential: MES_API_TOKEN, or per-site MES_API_TOKENS (checked per site below).
  const mesCredential = productionChecks.required(
    'MES_API_TOKEN',
    'the MES API credential (a Secret): the MES must know who calls it',
  );
  const profile = enforceProductionProfile('mes-writeback', process.env, [
    productionChecks.userTokens,
    (env) => (config.MES_API_TOKENS ? [] : mesCredential(env)),
  ]);
  const log = createLogger('mes-writeback', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'mes-writeback' });
  const health = new HealthRegistry();
  const publicKeys = parsePublicKeys(config.APPROVAL_PUBLIC_KEYS);
  const mes = createRestMes(config, { log, metrics });
  const uncredentialed = mes.sites.filter((site) => !config.MES_API_TOKENS?.[site] && !config.MES_API_TOKEN);
  if (profile === 'production' && uncredentialed.length > 0) {
    throw new ProductionProfileError('mes-writeback', [
      {
        variable: 'MES_API_TOKEN',
        problem: `required: no MES credential for ${uncredentialed.join(', ')} (set MES_API_TOKEN or list the site in MES_API_TOKENS)`,
      },
    ]);
  }
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
  class AppModule {}

  await bootstrapService({
    name: 'mes-writeback',
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    closers: [() => bus.close(), () => store.close(), () => mes.close()],
    details: { sites: mes.sites, keys: [...publicKeys.keys()], dryRun: config.WRITEBACK_DRY_RUN },
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `mes-writeback failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
