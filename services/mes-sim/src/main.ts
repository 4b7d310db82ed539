import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { TOPIC_SPECS } from '@andon/contracts';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { loadMesSimConfig } from './config/mes-sim.config';
import { MesSimModule } from './mes-sim.module';

async function bootstrap(): Promise<void> {
  const config = loadMesSimConfig();
  const log = createLogger('mes-sim', config.LOG_LEVEL);
  const metrics = new Metrics({ service: 'mes-sim' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  await bus.ensureTopics(
    Object.values(TOPIC_SPECS)
      .filter((t) => t.name.startsWith('andon.raw.'))
      .map((t) => ({ name: t.name, partitions: t.partitions })),
  );
  health.register('bus', () => bus.ping());

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      MesSimModule.forRoot({
        bus,
        log,
        dataDir: config.ANDON_DATA_DIR,
        generator: {
          enabled: config.SIM_GENERATOR,
          seed: config.SIM_SEED,
          intervalMs: config.SIM_INTERVAL_MS,
          malformedRate: config.SIM_MALFORMED_RATE,
          startAt: new Date(Date.now() - config.SIM_BACKFILL_HOURS * 3_600_000),
        },
      }),
    ],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT }, 'mes-sim listening');
}

void bootstrap();
