import { resolve } from 'node:path';
import type { EventBus, IdempotencyStore } from '@andon/bus';
import { createLlmGateway, loadLlmSettings, type LlmGateway, type LlmSettings } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import { DedupeIdempotencyStore, DedupeWindow, type DocumentStore } from '@andon/persistence';
import { AgentMessages, AgentMetrics, DEFAULT_AGENT_TOPICS, LlmCallPublisher, Outbox, PlantEventsConsumer, agentTopicSpecs, type AgentTopicNames } from '@andon/agent-kit';
import type { ComplianceAgentSettings } from './config/compliance-agent.config';
import { ComplianceAgent } from './compliance-agent';
import { ComplianceFlagService } from './procedures/compliance-flag.service';
import { ProcedureLibrary } from './procedures/procedure-library';
import { StepRecordsRepository } from './procedures/step-records.repository';

export const COMPLIANCE_AGENT_ID = 'compliance-agent';

/** What a process gives the agent; standalone passes embedded adapters, main.ts the configured ones. */
export interface ComplianceAgentDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: ComplianceAgentSettings;
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
export class ComplianceAgentRuntime {
  private stopPurging: (() => void) | undefined;

  private constructor(
    readonly deps: ComplianceAgentDeps,
    readonly topics: AgentTopicNames,
    readonly gateway: LlmGateway,
    readonly library: ProcedureLibrary,
    readonly consumer: PlantEventsConsumer,
    private readonly purge: () => Promise<void>,
  ) {}

  static async create(deps: ComplianceAgentDeps): Promise<ComplianceAgentRuntime> {
    const topics: AgentTopicNames = { ...DEFAULT_AGENT_TOPICS, ...deps.topics };
    const now = deps.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    const llmCalls = new LlmCallPublisher(deps.bus, topics.llmCalls, COMPLIANCE_AGENT_ID);
    const gateway = deps.gateway ?? createLlmGateway({ settings: deps.llmSettings ?? loadLlmSettings(), metrics: deps.metrics, onCall: llmCalls.sink });
    const config = deps.config;
    const library = ProcedureLibrary.load(resolve(config.COMPLIANCE_KNOWLEDGE_DIR));
    const [steps, outbox, window] = await Promise.all([
      StepRecordsRepository.open(deps.store),
      Outbox.open(deps.store, 'compliance_agent_outbox', deps.bus, nowMs),
      DedupeWindow.open(deps.store),
    ]);
    const agent = new ComplianceAgent({
      library,
      steps,
      outbox,
      flags: new ComplianceFlagService(gateway, new AgentMessages(COMPLIANCE_AGENT_ID, topics, now)),
      metrics: new AgentMetrics(deps.metrics, COMPLIANCE_AGENT_ID),
    });
    const consumer = new PlantEventsConsumer({
      bus: deps.bus,
      topic: topics.plantEvents,
      deadLetters: topics.deadLetters,
      groupId: config.COMPLIANCE_AGENT_GROUP_ID,
      idempotency: deps.idempotency ?? new DedupeIdempotencyStore(window),
      handler: agent,
      partitionsConsumedConcurrently: config.COMPLIANCE_PARTITIONS_CONCURRENCY,
    });
    const retentionMs = config.COMPLIANCE_STATE_RETENTION_HOURS * 3_600_000;
    const purge = async () => {
      await outbox.purgeOlderThan(retentionMs);
      await steps.purgeBefore(nowMs() - retentionMs);
      await window.purgeExpired();
    };
    return new ComplianceAgentRuntime(deps, topics, gateway, library, consumer, purge);
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
    this.deps.log.info({ group: this.deps.config.COMPLIANCE_AGENT_GROUP_ID, topic: this.topics.plantEvents, llm: this.gateway.llmConfigured }, 'compliance-agent started');
  }

  /** Leaves the group after in-flight events are handled and committed. */
  async stop(): Promise<void> {
    this.stopPurging?.();
    this.stopPurging = undefined;
    await this.consumer.stop();
  }
}
