import 'reflect-metadata';
import { bootstrapService, enforceProductionProfile } from '@andon/service-kit';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { TOPIC_SPECS } from '@andon/contracts';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { loadMesSimConfig, sparkplugUrl } from './config/mes-sim.config';
import { loadPlantModelFromEnv } from '@andon/plant-model';
import { SparkplugPlantPublisher } from './sparkplug/sparkplug-plant.publisher';
import { MesSimModule } from './mes-sim.module';

async function bootstrap(): Promise<void> {
  const config = loadMesSimConfig();
  enforceProductionProfile('mes-sim', process.env, [
    () => [
      {
        variable: 'ANDON_PROFILE',
        problem: 'mes-sim is the demo plant simulator; it has no place in a production deployment',
      },
    ],
  ]);
  const log = createLogger('mes-sim', config.LOG_LEVEL);
  // The plant it simulates has one home, the plant model (ADR 0023).
  const plant = loadPlantModelFromEnv();
  const metrics = new Metrics({ service: 'mes-sim' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  await bus.ensureTopics(
    Object.values(TOPIC_SPECS)
      .filter((t) => t.name.startsWith('andon.raw.'))
      .map((t) => ({ name: t.name, partitions: t.partitions })),
  );
  health.register('bus', () => bus.ping());
  const mqttUrl = sparkplugUrl(config);
  const sparkplug = mqttUrl
    ? await SparkplugPlantPublisher.start({
        bus,
        url: mqttUrl,
        plant,
        log: log.child({ component: 'sparkplug' }),
        ...(config.SIM_SPARKPLUG_PRIMARY_HOST ? { primaryHostId: config.SIM_SPARKPLUG_PRIMARY_HOST } : {}),
      })
    : undefined;

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      MesSimModule.forRoot({
        bus: sparkplug ?? bus,
        log,
        dataDir: config.ANDON_DATA_DIR,
        apiTokens: config.MES_SIM_TOKENS,
        plant,
        generator: {
          enabled: config.SIM_GENERATOR,
          seed: config.SIM_SEED,
          intervalMs: config.SIM_INTERVAL_MS,
          malformedRate: config.SIM_MALFORMED_RATE,
          scenario: config.SIM_SCENARIO,
          startAt: new Date(Date.now() - config.SIM_BACKFILL_HOURS * 3_600_000),
        },
      }),
    ],
  })
  class AppModule {}

  await bootstrapService({
    name: 'mes-sim',
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    closers: [async () => sparkplug?.stop(), () => bus.close()],
    details: { tokens: config.MES_SIM_TOKENS.length },
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`mes-sim failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
