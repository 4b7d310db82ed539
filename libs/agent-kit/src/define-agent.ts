import { Module, type DynamicModule, type ForwardReference, type Provider, type Type } from '@nestjs/common';
import { BusModule } from '@andon/bus';
import {
  createLlmGateway,
  DocumentCallCaptureStore,
  DocumentTokenUsageStore,
  LlmGateway,
  loadLlmSettings,
} from '@andon/llm';
import { checkedIntentRenderer, IntentRenderer } from '@andon/mes-endpoints';
import { loadPlantModelFromEnv } from '@andon/plant-model';
import { DedupeIdempotencyStore, DedupeWindow, type DocumentStore } from '@andon/persistence';
import { resolve } from 'node:path';
import { ServiceKitModule, type ProfileCheck } from '@andon/service-kit';
import { AgentContext, type AgentKitSettings, type AgentModuleOptions } from './agent-context';
import { AgentMessages } from './agent-messages';
import { AgentMetrics } from './agent-metrics';
import { AgentPlantEventsConsumer, PLANT_EVENT_HANDLER } from './agent-plant-events.consumer';
import { AGENT_PURGEABLE, AgentStatePurge, type Purgeable } from './agent-state-purge';
import {
  agentTopicSpecs,
  CORE_AGENT_TOPICS,
  DEFAULT_AGENT_TOPICS,
  type AgentTopic,
  type AgentTopicNames,
} from './agent-topics';
import { Claims } from './claims';
import { LlmCallPublisher } from './llm-call-publisher';
import { Outbox } from './outbox';
import type { PlantEventHandler } from './plant-events.consumer';
import { runAgentService, type AgentServiceConfig } from './run-agent-service';
import { claimGroup } from './group-claims';

/** A repository the kit opens on the agent's store: `static open(store)`, provided under the class. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a class with a private constructor is still the token
export type AgentStore<T = unknown> = Function & { open(store: DocumentStore): Promise<T> };

export interface AgentSpec<
  S extends AgentKitSettings,
  O extends AgentModuleOptions<S> = AgentModuleOptions<S>,
> {
  /** The service name: proposer of its actions, prefix of its collections, default consumer group. */
  id: string;
  /** Topic -> domain handler. The kit consumes andon.plant-events.v1 (decoded, validated, deduped) for this class. */
  handlers: { plantEvents: Type<PlantEventHandler> };
  /** Further topics the agent's own @Subscribe providers read (created at start with the agent's topics). */
  consumes?: readonly AgentTopic[];
  /** Repositories opened on the store (static open(store)). */
  stores?: readonly AgentStore[];
  /** Stores whose records older than AGENT_STATE_RETENTION_HOURS go in the hourly purge (besides outbox and claims). */
  purge?: readonly AgentStore<Purgeable>[];
  /** The agent's use cases and handlers; classes are @Injectable. */
  providers?: readonly Provider[];
  /** Providers built from the module's options when it is built (a route's authenticator, a plant model passed in). */
  optionProviders?: (options: O) => Provider[];
  controllers?: readonly Type<unknown>[];
  imports?: ReadonlyArray<Type<unknown> | DynamicModule | ForwardReference>;
  /** What ANDON_PROFILE=production refuses for this agent. */
  productionChecks?: readonly ProfileCheck[];
}

export interface AgentDefinition<
  S extends AgentKitSettings,
  O extends AgentModuleOptions<S> = AgentModuleOptions<S>,
> {
  readonly id: string;
  /** The agent as a Nest module over the caller's ports (bus and store are the caller's to close). */
  forRoot(options: O): DynamicModule;
  /** The process entry point (main.ts): configured ports, HTTP, metrics, ordered stop on SIGTERM. */
  run(config: S & AgentServiceConfig): Promise<void>;
}

/**
 * Declares an agent: its id, its handlers, its stores and what the hourly purge drops.
 * The kit builds the rest: the LLM gateway publishing call records, claims, the outbox,
 * the dedupe window, the plant-event consumer, the purge, the topics and the process.
 */
export function defineAgent<
  S extends AgentKitSettings,
  O extends AgentModuleOptions<S> = AgentModuleOptions<S>,
>(spec: AgentSpec<S, O>): AgentDefinition<S, O> {
  const collectionPrefix = spec.id.replace(/-/g, '_');
  const moduleClass = class {};
  Object.defineProperty(moduleClass, 'name', {
    value: `${spec.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Module`,
  });
  Module({})(moduleClass);

  const forRoot = (options: O): DynamicModule => {
    const { bus, store } = options;
    const topics: AgentTopicNames = { ...DEFAULT_AGENT_TOPICS, ...options.topics };
    const stores = [...new Set([...(spec.stores ?? []), ...(spec.purge ?? [])])];
    const providers: Provider[] = [
      { provide: DedupeWindow, useFactory: () => DedupeWindow.open(store) },
      {
        provide: AgentContext,
        inject: [DedupeWindow],
        useFactory: async (window: DedupeWindow) => {
          const context = new AgentContext<S>(
            spec.id,
            options,
            topics,
            options.idempotency ?? new DedupeIdempotencyStore(window),
          );
          if (context.consuming) {
            claimGroup(bus, context.config.AGENT_GROUP_ID, spec.id);
            await bus.ensureTopics(agentTopicSpecs(topics, [...CORE_AGENT_TOPICS, ...(spec.consumes ?? [])]));
          }
          return context;
        },
      },
      {
        provide: LlmGateway,
        useFactory: async () =>
          options.gateway ??
          createLlmGateway({
            settings: options.llmSettings ?? loadLlmSettings(),
            metrics: options.metrics,
            onCall: new LlmCallPublisher(bus, topics.llmCalls, spec.id).sink,
            tokenUsage: await DocumentTokenUsageStore.open(store),
            captures: await DocumentCallCaptureStore.open(store),
          }),
      },
      // The endpoint maps are read once at start and checked against the plant model: a broken
      // map, or one for a site the plant does not have, stops the agent before it proposes.
      {
        provide: IntentRenderer,
        useFactory: () =>
          checkedIntentRenderer(resolve(options.config.MES_ENDPOINTS_DIR), loadPlantModelFromEnv()),
      },
      {
        provide: AgentMessages,
        inject: [AgentContext, IntentRenderer],
        useFactory: (c: AgentContext, endpoints: IntentRenderer) =>
          new AgentMessages(spec.id, topics, c.now, endpoints),
      },
      { provide: AgentMetrics, useFactory: () => new AgentMetrics(options.metrics, spec.id) },
      {
        provide: Claims,
        inject: [AgentContext],
        useFactory: (c: AgentContext) => Claims.open(store, `${collectionPrefix}_claims`, c.nowMs),
      },
      {
        provide: Outbox,
        inject: [AgentContext],
        useFactory: (c: AgentContext) => Outbox.open(store, `${collectionPrefix}_outbox`, bus, c.nowMs),
      },
      ...stores.map((s): Provider => ({ provide: s, useFactory: () => s.open(store) })),
      {
        provide: AGENT_PURGEABLE,
        inject: [...(spec.purge ?? [])],
        useFactory: (...purgeable: Purgeable[]) => purgeable,
      },
      { provide: PLANT_EVENT_HANDLER, useExisting: spec.handlers.plantEvents },
      AgentStatePurge,
      AgentPlantEventsConsumer,
      ...(spec.providers ?? []),
      ...(spec.optionProviders?.(options) ?? []),
    ];
    return {
      module: moduleClass,
      // The bus's one explorer runs the @Subscribe consumers; the service kit's the @Sweep purge.
      imports: [BusModule.shared(bus), ServiceKitModule, ...(spec.imports ?? [])],
      controllers: [...(spec.controllers ?? [])],
      providers,
    };
  };

  return {
    id: spec.id,
    forRoot,
    // A process passes the configured ports only; options beyond them keep their defaults.
    run: (config) =>
      runAgentService(spec.id, config, (deps) => forRoot(deps as unknown as O), {
        productionChecks: spec.productionChecks ?? [],
      }),
  };
}
