import type { EventBus, IdempotencyStore } from '@andon/bus';
import { createLlmGateway, DocumentTokenUsageStore, loadLlmSettings, type LlmGateway, type LlmSettings } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import { DedupeIdempotencyStore, DedupeWindow, type DocumentStore } from '@andon/persistence';
import { AgentMessages } from '@andon/agent-kit';
import { AgentMetrics } from '@andon/agent-kit';
import { agentTopicSpecs, DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import { Claims } from '@andon/agent-kit';
import { LlmCallPublisher } from '@andon/agent-kit';
import { Outbox } from '@andon/agent-kit';
import { PlantEventsConsumer } from '@andon/agent-kit';
import type { QualityAgentSettings } from './config/quality-agent.config';
import { QualityAgent } from './quality-agent';
import { FailedChecksRepository } from './triage/failed-checks.repository';
import { GenealogyRepository } from './triage/genealogy.repository';
import { NcrHistoryRepository } from './triage/ncr-history.repository';
import { TriageService } from './triage/triage.service';

export const QUALITY_AGENT_ID = 'quality-agent';

/** What a process gives the agent; standalone passes embedded adapters, main.ts the configured ones. */
export interface QualityAgentDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: QualityAgentSettings;
  /**
   * The LLM gateway. When omitted the runtime builds one from `llmSettings` (default: the
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
}

const PURGE_INTERVAL_MS = 60 * 60_000;

/** The agent wired from its ports, without Nest: the module and the tests build the same object. */
export class QualityAgentRuntime {
  private stopPurging: (() => void) | undefined;

  private constructor(
    readonly deps: QualityAgentDeps,
    readonly topics: AgentTopicNames,
    readonly gateway: LlmGateway,
    readonly llmCalls: LlmCallPublisher,
    readonly agent: QualityAgent,
    readonly consumer: PlantEventsConsumer,
    private readonly purge: () => Promise<void>,
  ) {}

  static async create(deps: QualityAgentDeps): Promise<QualityAgentRuntime> {
    const topics: AgentTopicNames = { ...DEFAULT_AGENT_TOPICS, ...deps.topics };
    const now = deps.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    const llmCalls = new LlmCallPublisher(deps.bus, topics.llmCalls, QUALITY_AGENT_ID);
    const gateway = deps.gateway ?? createLlmGateway({ settings: deps.llmSettings ?? loadLlmSettings(), metrics: deps.metrics, onCall: llmCalls.sink, tokenUsage: await DocumentTokenUsageStore.open(deps.store) });
    const [ncrs, genealogy, checks, claims, outbox, window] = await Promise.all([
      NcrHistoryRepository.open(deps.store),
      GenealogyRepository.open(deps.store),
      FailedChecksRepository.open(deps.store),
      Claims.open(deps.store, 'quality_agent_claims', nowMs),
      Outbox.open(deps.store, 'quality_agent_outbox', deps.bus, nowMs),
      DedupeWindow.open(deps.store),
    ]);
    const config = deps.config;
    const messages = new AgentMessages(QUALITY_AGENT_ID, topics, now);
    const triage = new TriageService({
      ncrs,
      genealogy,
      checks,
      gateway,
      messages,
      settings: { similarNcrs: config.QUALITY_SIMILAR_NCRS, genealogyDepth: config.QUALITY_GENEALOGY_DEPTH, maxHolds: config.QUALITY_MAX_HOLDS },
    });
    const agent = new QualityAgent({
      triage,
      genealogy,
      checks,
      claims,
      outbox,
      metrics: new AgentMetrics(deps.metrics, QUALITY_AGENT_ID),
      failedChecksThreshold: config.QUALITY_FAILED_CHECKS_THRESHOLD,
    });
    const consumer = new PlantEventsConsumer({
      bus: deps.bus,
      topic: topics.plantEvents,
      deadLetters: topics.deadLetters,
      groupId: config.QUALITY_AGENT_GROUP_ID,
      idempotency: deps.idempotency ?? new DedupeIdempotencyStore(window),
      handler: agent,
      partitionsConsumedConcurrently: config.QUALITY_PARTITIONS_CONCURRENCY,
    });
    const retentionMs = config.QUALITY_STATE_RETENTION_HOURS * 3_600_000;
    const purge = async () => {
      await outbox.purgeOlderThan(retentionMs);
      await claims.purgeOlderThan(retentionMs);
      await checks.purgeBefore(nowMs() - retentionMs);
      await window.purgeExpired();
    };
    return new QualityAgentRuntime(deps, topics, gateway, llmCalls, agent, consumer, purge);
  }

  /** Creates the topics if missing, then joins the consumer group. */
  async start(): Promise<void> {
    await this.deps.bus.ensureTopics(agentTopicSpecs(this.topics));
    await this.consumer.start();
    if (!this.stopPurging) {
      const timer = setInterval(() => void this.purge().catch((err: unknown) => this.deps.log.warn({ err }, 'state purge failed')), PURGE_INTERVAL_MS);
      timer.unref();
      this.stopPurging = () => clearInterval(timer);
    }
    this.deps.log.info({ group: this.deps.config.QUALITY_AGENT_GROUP_ID, topic: this.topics.plantEvents, llm: this.gateway.llmConfigured }, 'quality-agent started');
  }

  /** Leaves the group after in-flight events are handled and committed. */
  async stop(): Promise<void> {
    this.stopPurging?.();
    this.stopPurging = undefined;
    await this.consumer.stop();
  }
}
