import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEventBus, type EventBus, type EventBusConfig } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger, type Logger } from '@andon/observability';
import { createDocumentStore, type DocumentStore, type DocumentStoreConfig } from '@andon/persistence';

export type AgentServiceConfig = EventBusConfig & DocumentStoreConfig & { LOG_LEVEL: string; HTTP_PORT: number };

export interface AgentServiceDeps<C> {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: C;
}

/**
 * The process entry point every bus-driven service shares (the agents, plant-query):
 * logger, metrics, health checks of bus and store, the service's Nest module beside the
 * observability endpoints, graceful shutdown. `serviceModule` builds the service's own
 * module from those parts.
 */
export async function runAgentService<C extends AgentServiceConfig>(
  name: string,
  config: C,
  serviceModule: (deps: AgentServiceDeps<C>) => DynamicModule,
  onReady?: (deps: AgentServiceDeps<C>) => void,
): Promise<void> {
  const log = createLogger(name, config.LOG_LEVEL);
  const metrics = new Metrics({ service: name });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());
  const deps = { bus, store, log, metrics, config };
  onReady?.(deps);

  @Module({ imports: [ObservabilityModule.forRoot({ health, metrics }), serviceModule(deps)] })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT);
  log.info({ port: config.HTTP_PORT }, `${name} listening`);
  process.once('beforeExit', () => void Promise.all([bus.close(), store.close()]));
}
