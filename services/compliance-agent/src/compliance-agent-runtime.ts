import { resolve } from 'node:path';
import type { EventBus, IdempotencyStore } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import { createLlmGateway, DocumentTokenUsageStore, loadLlmSettings, type LlmGateway, type LlmSettings } from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import { DedupeIdempotencyStore, DedupeWindow, type DocumentStore } from '@andon/persistence';
import { AgentMessages, AgentMetrics, DEFAULT_AGENT_TOPICS, LlmCallPublisher, Outbox, PlantEventsConsumer, agentTopicSpecs, type AgentTopicNames } from '@andon/agent-kit';
import type { ComplianceAgentSettings } from './config/compliance-agent.config';
import { ComplianceAgent } from './compliance-agent';
import { ProcedureDocumentsConsumer } from './documents/procedure-documents.consumer';
import { ComplianceFlagService } from './procedures/compliance-flag.service';
import { ProcedureLibrary, loadProcedureFolder } from './procedures/procedure-library';
import { ProcedureRevisionsRepository } from './procedures/procedure-revisions.repository';
import { RevisionAnnouncer } from './procedures/revision-announcer';
import { StepRecordsRepository } from './procedures/step-records.repository';

export const COMPLIANCE_AGENT_ID = 'compliance-agent';

/** The agent topics plus the documents topic it learns procedure revisions from. */
export interface ComplianceTopicNames extends AgentTopicNames {
  documentsPublished: string;
}

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
  topics?: Partial<ComplianceTopicNames>;
  /** Overrides the bus-level dedupe (default: a DedupeWindow in the store). */
  idempotency?: IdempotencyStore;
  now?: () => Date;
}

const PURGE_INTERVAL_MS = 60 * 60_000;

/** The agent wired from its ports, without Nest: the module and the tests build the same object. */
export class ComplianceAgentRuntime {
  private stopTimers: (() => void) | undefined;

  private constructor(
    readonly deps: ComplianceAgentDeps,
    readonly topics: ComplianceTopicNames,
    readonly gateway: LlmGateway,
    readonly library: ProcedureLibrary,
    readonly consumer: PlantEventsConsumer,
    readonly documents: ProcedureDocumentsConsumer,
    readonly announcer: RevisionAnnouncer,
    readonly revisions: ProcedureRevisionsRepository,
    private readonly purge: () => Promise<void>,
  ) {}

  static async create(deps: ComplianceAgentDeps): Promise<ComplianceAgentRuntime> {
    const topics: ComplianceTopicNames = { ...DEFAULT_AGENT_TOPICS, documentsPublished: Topics.DocumentsPublished, ...deps.topics };
    const now = deps.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    const llmCalls = new LlmCallPublisher(deps.bus, topics.llmCalls, COMPLIANCE_AGENT_ID);
    const gateway = deps.gateway ?? createLlmGateway({ settings: deps.llmSettings ?? loadLlmSettings(), metrics: deps.metrics, onCall: llmCalls.sink, tokenUsage: await DocumentTokenUsageStore.open(deps.store) });
    const config = deps.config;
    const [steps, outbox, window, revisions] = await Promise.all([
      StepRecordsRepository.open(deps.store),
      Outbox.open(deps.store, 'compliance_agent_outbox', deps.bus, nowMs),
      DedupeWindow.open(deps.store),
      ProcedureRevisionsRepository.open(deps.store),
    ]);
    // The seed goes through the store like a published revision, so both paths announce alike.
    if (config.COMPLIANCE_KNOWLEDGE_DIR) {
      for (const revision of loadProcedureFolder(resolve(config.COMPLIANCE_KNOWLEDGE_DIR))) await revisions.save(revision, nowMs());
    }
    const library = new ProcedureLibrary();
    const flags = new ComplianceFlagService(gateway, new AgentMessages(COMPLIANCE_AGENT_ID, topics, now));
    const metrics = new AgentMetrics(deps.metrics, COMPLIANCE_AGENT_ID);
    const announcer = new RevisionAnnouncer({
      library,
      revisions,
      steps,
      flags,
      outbox,
      metrics,
      log: deps.log,
      now: nowMs,
      runningWindowMs: config.COMPLIANCE_RUNNING_WINDOW_HOURS * 3_600_000,
    });
    await announcer.refresh();
    const agent = new ComplianceAgent({ library, steps, outbox, flags, metrics });
    const documents = new ProcedureDocumentsConsumer({
      bus: deps.bus,
      topic: topics.documentsPublished,
      deadLetters: topics.deadLetters,
      groupId: config.COMPLIANCE_DOCUMENTS_GROUP_ID,
      library,
      revisions,
      announcer,
      now: nowMs,
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
    return new ComplianceAgentRuntime(deps, topics, gateway, library, consumer, documents, announcer, revisions, purge);
  }

  /**
   * Creates the topics if missing, announces what is already due, then joins both
   * consumer groups. Steps are judged from the revisions the store holds at once; the
   * documents group only adds what was published since it last committed.
   */
  async start(): Promise<void> {
    const documentsSpec = TOPIC_SPECS[Topics.DocumentsPublished];
    await this.deps.bus.ensureTopics([
      ...agentTopicSpecs(this.topics),
      { name: this.topics.documentsPublished, partitions: documentsSpec.partitions, configEntries: { 'cleanup.policy': 'compact' } },
    ]);
    await this.announcer.announceDue();
    await this.documents.start();
    await this.consumer.start();
    if (!this.stopTimers) {
      const warn = (what: string) => (err: unknown) => this.deps.log.warn({ err }, `${what} failed`);
      const purge = setInterval(() => void this.purge().catch(warn('state purge')), PURGE_INTERVAL_MS);
      const sweep = setInterval(() => void this.sweep().catch(warn('revision sweep')), this.deps.config.COMPLIANCE_REVISION_SWEEP_MS);
      purge.unref();
      sweep.unref();
      this.stopTimers = () => {
        clearInterval(purge);
        clearInterval(sweep);
      };
    }
    this.deps.log.info(
      { group: this.deps.config.COMPLIANCE_AGENT_GROUP_ID, topic: this.topics.plantEvents, documents: this.topics.documentsPublished, revisions: this.library.all().length, llm: this.gateway.llmConfigured },
      'compliance-agent started',
    );
  }

  /** Picks up revisions other replicas learned, and announces revisions whose effective time has come. */
  async sweep(): Promise<void> {
    await this.announcer.refresh();
    await this.announcer.announceDue();
  }

  /** Leaves both groups after in-flight messages are handled and committed. */
  async stop(): Promise<void> {
    this.stopTimers?.();
    this.stopTimers = undefined;
    await this.documents.stop();
    await this.consumer.stop();
  }
}
