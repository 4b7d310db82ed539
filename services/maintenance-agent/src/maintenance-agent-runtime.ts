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
import type { MaintenanceAgentSettings } from './config/maintenance-agent.config';
import { EquipmentFactsRepository } from './coordination/equipment-facts.repository';
import { WorkOrderProposalService } from './coordination/work-order-proposal.service';
import { MaintenanceAgent } from './maintenance-agent';

export const MAINTENANCE_AGENT_ID = 'maintenance-agent';

export interface MaintenanceAgentDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: MaintenanceAgentSettings;
  /** Omitted: one is built whose call records go to andon.llm.calls.v1. */
  gateway?: LlmGateway;
  llmSettings?: LlmSettings;
  topics?: Partial<AgentTopicNames>;
  idempotency?: IdempotencyStore;
  now?: () => Date;
}

const PURGE_INTERVAL_MS = 60 * 60_000;
const MINUTE = 60_000;

/** The agent wired from its ports, without Nest: the module and the tests build the same object. */
export class MaintenanceAgentRuntime {
  private stopPurging: (() => void) | undefined;

  private constructor(
    readonly deps: MaintenanceAgentDeps,
    readonly topics: AgentTopicNames,
    readonly gateway: LlmGateway,
    readonly agent: MaintenanceAgent,
    readonly consumer: PlantEventsConsumer,
    private readonly purge: () => Promise<void>,
  ) {}

  static async create(deps: MaintenanceAgentDeps): Promise<MaintenanceAgentRuntime> {
    const topics: AgentTopicNames = { ...DEFAULT_AGENT_TOPICS, ...deps.topics };
    const now = deps.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    const config = deps.config;
    const llmCalls = new LlmCallPublisher(deps.bus, topics.llmCalls, MAINTENANCE_AGENT_ID);
    const gateway = deps.gateway ?? createLlmGateway({ settings: deps.llmSettings ?? loadLlmSettings(), metrics: deps.metrics, onCall: llmCalls.sink, tokenUsage: await DocumentTokenUsageStore.open(deps.store) });
    const [facts, claims, outbox, window] = await Promise.all([
      EquipmentFactsRepository.open(deps.store),
      Claims.open(deps.store, 'maintenance_agent_claims', nowMs),
      Outbox.open(deps.store, 'maintenance_agent_outbox', deps.bus, nowMs),
      DedupeWindow.open(deps.store),
    ]);
    const agent = new MaintenanceAgent({
      facts,
      proposals: new WorkOrderProposalService({
        facts,
        gateway,
        messages: new AgentMessages(MAINTENANCE_AGENT_ID, topics, now),
        settings: { lookbackHours: config.MAINTENANCE_LOOKBACK_HOURS, trendRecentMinutes: config.MAINTENANCE_TREND_RECENT_MINUTES },
      }),
      claims,
      outbox,
      metrics: new AgentMetrics(deps.metrics, MAINTENANCE_AGENT_ID),
      burstAlarms: config.MAINTENANCE_BURST_ALARMS,
      burstWindowMs: config.MAINTENANCE_BURST_WINDOW_MINUTES * MINUTE,
      cooldownMs: config.MAINTENANCE_COOLDOWN_MINUTES * MINUTE,
    });
    const consumer = new PlantEventsConsumer({
      bus: deps.bus,
      topic: topics.plantEvents,
      deadLetters: topics.deadLetters,
      groupId: config.MAINTENANCE_AGENT_GROUP_ID,
      idempotency: deps.idempotency ?? new DedupeIdempotencyStore(window),
      handler: agent,
      partitionsConsumedConcurrently: config.MAINTENANCE_PARTITIONS_CONCURRENCY,
    });
    const retentionMs = config.MAINTENANCE_RETENTION_HOURS * 3_600_000;
    const purge = async () => {
      await facts.purgeBefore(nowMs() - retentionMs);
      await outbox.purgeOlderThan(retentionMs);
      await claims.purgeOlderThan(retentionMs);
      await window.purgeExpired();
    };
    return new MaintenanceAgentRuntime(deps, topics, gateway, agent, consumer, purge);
  }

  async start(): Promise<void> {
    await this.deps.bus.ensureTopics(agentTopicSpecs(this.topics));
    await this.consumer.start();
    if (!this.stopPurging) {
      const timer = setInterval(() => void this.purge().catch((err: unknown) => this.deps.log.warn({ err }, 'state purge failed')), PURGE_INTERVAL_MS);
      timer.unref();
      this.stopPurging = () => clearInterval(timer);
    }
    this.deps.log.info({ group: this.deps.config.MAINTENANCE_AGENT_GROUP_ID, topic: this.topics.plantEvents, llm: this.gateway.llmConfigured }, 'maintenance-agent started');
  }

  async stop(): Promise<void> {
    this.stopPurging?.();
    this.stopPurging = undefined;
    await this.consumer.stop();
  }
}
