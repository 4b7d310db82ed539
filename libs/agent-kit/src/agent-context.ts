import type { EventBus, IdempotencyStore, RetryPolicy, SubscribeSpec } from '@andon/bus';
import type { LlmGateway, LlmSettings } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { AgentTopic, AgentTopicNames } from './agent-topics';

/** The settings every agent reads the same way (libs/config agentFields: one AGENT_* vocabulary). */
export interface AgentKitSettings {
  AGENT_GROUP_ID: string;
  AGENT_STATE_RETENTION_HOURS: number;
  AGENT_PARTITIONS_CONCURRENCY: number;
  MES_ENDPOINTS_DIR: string;
}

/** What a process gives an agent module; standalone passes embedded adapters, main.ts the configured ones. */
export interface AgentModuleOptions<S extends AgentKitSettings = AgentKitSettings> {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: S;
  /**
   * The LLM gateway. When omitted the kit builds one from `llmSettings` (default: the
   * environment) whose call records go to andon.llm.calls.v1. A gateway passed in should
   * use `LlmCallPublisher.sink` as its onCall, or its records are not published.
   */
  gateway?: LlmGateway;
  llmSettings?: LlmSettings;
  /** Overrides the catalogue topic names (tests use unique names per run). */
  topics?: Partial<AgentTopicNames>;
  /** Overrides the bus-level dedupe (default: a DedupeWindow in the store). */
  idempotency?: IdempotencyStore;
  now?: () => Date;
  /** Join the consumer groups on bootstrap. Default true. */
  consume?: boolean;
}

/** How an agent consumes one of its topics besides the plant events (see AgentContext.subscription). */
export interface AgentSubscription {
  topics: readonly AgentTopic[];
  /** The consumer group: `${AGENT_GROUP_ID}-${groupSuffix}`, unless `groupId` names one outright. */
  groupSuffix?: string;
  groupId?: string;
  fromBeginning?: boolean;
  /** Dedupe by event id in the agent's window. Default true. */
  idempotent?: boolean;
  /** Handle AGENT_PARTITIONS_CONCURRENCY partitions at once. Default false (one at a time). */
  concurrent?: boolean;
}

/** Retried with backoff, then dead-lettered; a NonRetryableError is dead-lettered at once. */
export const AGENT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.2,
};

/**
 * What the kit knows about the agent it runs: id, settings, topic names, clock, log and
 * dedupe. Injected (by class) into the agent's own providers.
 */
export class AgentContext<S extends AgentKitSettings = AgentKitSettings> {
  constructor(
    readonly id: string,
    private readonly options: AgentModuleOptions<S>,
    readonly topics: AgentTopicNames,
    readonly idempotency: IdempotencyStore,
  ) {}

  get config(): S {
    return this.options.config;
  }

  get log(): Logger {
    return this.options.log;
  }

  get bus(): EventBus {
    return this.options.bus;
  }

  get consuming(): boolean {
    return this.options.consume !== false;
  }

  readonly now = (): Date => (this.options.now ? this.options.now() : new Date());

  readonly nowMs = (): number => this.now().getTime();

  get retentionMs(): number {
    return this.options.config.AGENT_STATE_RETENTION_HOURS * 3_600_000;
  }

  /** A @Subscribe resolver's answer for this agent: null when consuming is switched off. */
  subscription(s: AgentSubscription): SubscribeSpec | null {
    if (!this.consuming) return null;
    const base = this.config.AGENT_GROUP_ID;
    return {
      topics: s.topics.map((t) => this.topics[t]),
      groupId: s.groupId ?? (s.groupSuffix ? `${base}-${s.groupSuffix}` : base),
      dlqTopic: this.topics.deadLetters,
      retry: AGENT_RETRY,
      ...(s.fromBeginning ? { fromBeginning: true } : {}),
      ...(s.concurrent ? { partitionsConsumedConcurrently: this.config.AGENT_PARTITIONS_CONCURRENCY } : {}),
      ...(s.idempotent === false ? { idempotent: false } : { idempotencyStore: this.idempotency }),
    };
  }
}
