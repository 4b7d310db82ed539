import type { EventBus, IdempotencyStore } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
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
import { ActionsConsumer } from './approvals/actions.consumer';
import { PendingApprovalsRepository } from './approvals/pending-approvals.repository';
import { idealRateOf, type ProductionAgentSettings } from './config/production-agent.config';
import { LineFactsRepository } from './facts/line-facts.repository';
import { ProductionAgent } from './production-agent';
import { ReportSummaryService } from './reports/report-summary.service';
import { MaintenanceViewService } from './reports/maintenance-view.service';
import { ShiftChangeService } from './reports/shift-change.service';
import { RootCauseService } from './root-cause/root-cause.service';
import { ScheduleRiskService } from './schedule/schedule-risk.service';
import { ShiftReportService } from './shift/shift-report.service';
import { ShiftReportsRepository } from './shift/shift-reports.repository';

export const PRODUCTION_AGENT_ID = 'production-agent';

export interface ProductionTopicNames extends AgentTopicNames {
  actionsDecided: string;
}

export interface ProductionAgentDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: ProductionAgentSettings;
  /** See QualityAgentDeps.gateway: omitted, one is built whose call records go to andon.llm.calls.v1. */
  gateway?: LlmGateway;
  llmSettings?: LlmSettings;
  topics?: Partial<ProductionTopicNames>;
  idempotency?: IdempotencyStore;
  now?: () => Date;
}

const PURGE_INTERVAL_MS = 60 * 60_000;
const MINUTE = 60_000;

/** The agent wired from its ports, without Nest: the module and the tests build the same object. */
export class ProductionAgentRuntime {
  private stopPurging: (() => void) | undefined;

  private constructor(
    readonly deps: ProductionAgentDeps,
    readonly topics: ProductionTopicNames,
    readonly gateway: LlmGateway,
    readonly agent: ProductionAgent,
    readonly consumer: PlantEventsConsumer,
    readonly actions: ActionsConsumer,
    readonly reports: ReportSummaryService,
    /** The console's shift-change and maintenance views. */
    readonly views: { shiftChange: ShiftChangeService; maintenance: MaintenanceViewService },
    private readonly purge: () => Promise<void>,
  ) {}

  static async create(deps: ProductionAgentDeps): Promise<ProductionAgentRuntime> {
    const topics: ProductionTopicNames = { ...DEFAULT_AGENT_TOPICS, actionsDecided: Topics.ActionsDecided, ...deps.topics };
    const now = deps.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    const config = deps.config;
    const llmCalls = new LlmCallPublisher(deps.bus, topics.llmCalls, PRODUCTION_AGENT_ID);
    const gateway = deps.gateway ?? createLlmGateway({ settings: deps.llmSettings ?? loadLlmSettings(), metrics: deps.metrics, onCall: llmCalls.sink, tokenUsage: await DocumentTokenUsageStore.open(deps.store) });
    const [facts, approvals, shiftReports, claims, outbox, window] = await Promise.all([
      LineFactsRepository.open(deps.store),
      PendingApprovalsRepository.open(deps.store),
      ShiftReportsRepository.open(deps.store),
      Claims.open(deps.store, 'production_agent_claims', nowMs),
      Outbox.open(deps.store, 'production_agent_outbox', deps.bus, nowMs),
      DedupeWindow.open(deps.store),
    ]);
    const messages = new AgentMessages(PRODUCTION_AGENT_ID, topics, now);
    const idealRate = (site: string, line: string) => idealRateOf(config, site, line);
    const agent = new ProductionAgent({
      facts,
      shiftReports: new ShiftReportService({ facts, approvals, reports: shiftReports, gateway, messages, idealRate, now }),
      scheduleRisk: new ScheduleRiskService({ facts, gateway, messages, idealRate, settings: { rateFactor: config.PRODUCTION_SCHEDULE_RATE_FACTOR, horizonHours: config.PRODUCTION_SCHEDULE_HORIZON_HOURS } }),
      rootCause: new RootCauseService({
        facts,
        gateway,
        messages,
        settings: {
          windowMinutes: config.PRODUCTION_SPIKE_WINDOW_MINUTES,
          scrapSpikeRate: config.PRODUCTION_SCRAP_SPIKE_RATE,
          scrapSpikeMinUnits: config.PRODUCTION_SCRAP_SPIKE_MIN_UNITS,
          downtimeSpikeMinutes: config.PRODUCTION_DOWNTIME_SPIKE_MINUTES,
          lookbackHours: config.PRODUCTION_ROOT_CAUSE_LOOKBACK_HOURS,
        },
      }),
      claims,
      outbox,
      metrics: new AgentMetrics(deps.metrics, PRODUCTION_AGENT_ID),
      scheduleWindowMs: config.PRODUCTION_SCHEDULE_WINDOW_MINUTES * MINUTE,
      spikeWindowMs: config.PRODUCTION_SPIKE_WINDOW_MINUTES * MINUTE,
    });
    const idempotency = deps.idempotency ?? new DedupeIdempotencyStore(window);
    const consumer = new PlantEventsConsumer({
      bus: deps.bus,
      topic: topics.plantEvents,
      deadLetters: topics.deadLetters,
      groupId: config.PRODUCTION_AGENT_GROUP_ID,
      idempotency,
      handler: agent,
      partitionsConsumedConcurrently: config.PRODUCTION_PARTITIONS_CONCURRENCY,
    });
    const actions = new ActionsConsumer({ bus: deps.bus, topics, groupId: `${config.PRODUCTION_AGENT_GROUP_ID}-approvals`, idempotency, approvals });
    const reports = new ReportSummaryService(shiftReports, facts, config.PRODUCTION_REPORT_TREND_HOURS, now);
    const retentionMs = config.PRODUCTION_FACT_RETENTION_HOURS * 3_600_000;
    const purge = async () => {
      await facts.purgeBefore(nowMs() - retentionMs);
      await outbox.purgeOlderThan(retentionMs);
      await claims.purgeOlderThan(retentionMs);
      await window.purgeExpired();
    };
    const views = { shiftChange: new ShiftChangeService(shiftReports, facts, now), maintenance: new MaintenanceViewService(facts, now) };
    return new ProductionAgentRuntime(deps, topics, gateway, agent, consumer, actions, reports, views, purge);
  }

  /** Sites the report API answers for when the caller names none: those with configured lines. */
  configuredSites(): string[] {
    return [...new Set(Object.keys(this.deps.config.PRODUCTION_IDEAL_RATES).map((k) => k.split('/')[0] ?? ''))].filter(Boolean).sort();
  }

  async start(): Promise<void> {
    await this.deps.bus.ensureTopics([...agentTopicSpecs(this.topics), { name: this.topics.actionsDecided, partitions: TOPIC_SPECS[Topics.ActionsDecided].partitions }]);
    await this.actions.start();
    await this.consumer.start();
    if (!this.stopPurging) {
      const timer = setInterval(() => void this.purge().catch((err: unknown) => this.deps.log.warn({ err }, 'state purge failed')), PURGE_INTERVAL_MS);
      timer.unref();
      this.stopPurging = () => clearInterval(timer);
    }
    this.deps.log.info({ group: this.deps.config.PRODUCTION_AGENT_GROUP_ID, topic: this.topics.plantEvents, llm: this.gateway.llmConfigured }, 'production-agent started');
  }

  async stop(): Promise<void> {
    this.stopPurging?.();
    this.stopPurging = undefined;
    await this.consumer.stop();
    await this.actions.stop();
  }
}
