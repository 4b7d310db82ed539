import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { createEventBus, type EventBus, type EventBusConfig } from '@andon/bus';
import {
  HealthRegistry,
  Metrics,
  ObservabilityModule,
  createLogger,
  type Logger,
} from '@andon/observability';
import { createDocumentStore, type DocumentStore, type DocumentStoreConfig } from '@andon/persistence';
import { bootstrapService, enforceProductionProfile, type ProfileCheck } from '@andon/service-kit';

export type AgentServiceConfig = EventBusConfig &
  DocumentStoreConfig & { LOG_LEVEL: string; HTTP_PORT: number; HTTP_HOST: string; METRICS_PORT: number };

export interface AgentServiceDeps<C> {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: C;
}

export interface AgentServiceOptions<C> {
  onReady?: (deps: AgentServiceDeps<C>) => void;
  /** What ANDON_PROFILE=production refuses for this service (e.g. people's tokens without issuer). */
  productionChecks?: readonly ProfileCheck[];
}

/**
 * The process entry point every bus-driven service shares (the agents, plant-query):
 * logger, metrics, health checks of bus and store, the service's Nest module, and the
 * kit's start and ordered stop (consumers drain, then bus and store close, on SIGTERM).
 */
export async function runAgentService<C extends AgentServiceConfig>(
  name: string,
  config: C,
  serviceModule: (deps: AgentServiceDeps<C>) => DynamicModule,
  options: AgentServiceOptions<C> = {},
): Promise<void> {
  enforceProductionProfile(name, process.env, options.productionChecks ?? []);
  const log = createLogger(name, config.LOG_LEVEL);
  const metrics = new Metrics({ service: name });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());
  const deps = { bus, store, log, metrics, config };
  options.onReady?.(deps);

  @Module({ imports: [ObservabilityModule.forRoot({ health, metrics }), serviceModule(deps)] })
  class AppModule {}

  await bootstrapService({
    name,
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    closers: [() => bus.close(), () => store.close()],
  });
}
