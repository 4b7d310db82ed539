import { DEFAULT_AGENT_TOPICS, LlmCallPublisher } from '@andon/agent-kit';
import type { EventBus, IdempotencyStore } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import { userAuthenticatorFrom, type UserAuthenticator } from '@andon/service-kit';
import {
  createLlmGateway,
  DocumentCallCaptureStore,
  DocumentTokenUsageStore,
  loadLlmSettings,
  type LlmGateway,
  type LlmSettings,
} from '@andon/llm';
import type { Logger, Metrics } from '@andon/observability';
import { DedupeIdempotencyStore, DedupeWindow, type DocumentStore } from '@andon/persistence';
import { loadPlantModelFromEnv, type PlantModel } from '@andon/plant-model';
import { METRIC_CATALOGUE } from './catalogue/metric-catalogue';
import type { PlantQuerySettings } from './config/plant-query.config';
import { FACT_COLLECTIONS } from './facts/plant-facts';
import { PlantFactsProjector } from './facts/plant-facts.projector';
import { PlantFactsRepository } from './facts/plant-facts.repository';
import { rebuildProductionRollups } from './facts/production-rollup';
import { PlantQueryService } from './plant-query.service';
import { plantCalendar } from './calendar/plant-calendar-settings';
import { QueryExecutor } from './query/query-executor';
import { QueryTranslator } from './translate/query-translator';

export interface PlantQueryTopics {
  plantEvents: string;
  llmCalls: string;
  deadLetters: string;
}

export interface PlantQueryDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: PlantQuerySettings;
  /**
   * The LLM gateway: when given, questions are translated by the `plant-query-translate`
   * use case (small tier) and the proposal is validated here; the gateway records those
   * calls through its own sink. Without it the deterministic parser translates and this
   * service records the call on the llm-calls topic.
   */
  gateway?: LlmGateway;
  /** Read when no gateway is given: with a model configured (LLM_*), one is built here. */
  llmSettings?: LlmSettings;
  topics?: Partial<PlantQueryTopics>;
  idempotency?: IdempotencyStore;
  /** Time zones, shifts, lines and ideal rates; default: loaded from PLANT_MODEL_DIR (config/plant). */
  plant?: PlantModel;
  now?: () => Date;
}

export const PLANT_QUERY_SERVICE_ID = 'plant-query';

/** The service wired from its ports, without Nest: the module and the tests build the same object. */
export class PlantQueryRuntime {
  private constructor(
    readonly deps: PlantQueryDeps,
    readonly topics: PlantQueryTopics,
    readonly facts: PlantFactsRepository,
    /** Projects plant events into the facts (PlantFactsConsumer hands them over). */
    readonly projector: PlantFactsProjector,
    /** Dedupes plant events by event id across redeliveries. */
    readonly idempotency: IdempotencyStore,
    readonly service: PlantQueryService,
    /** Without a key configured it refuses every call (REST and gRPC). */
    readonly verifier: UserAuthenticator,
    private readonly allSites: readonly string[],
  ) {}

  static async create(deps: PlantQueryDeps): Promise<PlantQueryRuntime> {
    const topics: PlantQueryTopics = {
      plantEvents: DEFAULT_AGENT_TOPICS.plantEvents,
      llmCalls: DEFAULT_AGENT_TOPICS.llmCalls,
      deadLetters: DEFAULT_AGENT_TOPICS.deadLetters,
      ...deps.topics,
    };
    const config = deps.config;
    const plant = deps.plant ?? loadPlantModelFromEnv();
    const calendar = plantCalendar(plant);
    const [facts, window] = await Promise.all([
      PlantFactsRepository.open(deps.store),
      DedupeWindow.open(deps.store),
    ]);
    const projector = new PlantFactsProjector(facts, calendar.zoneOf);
    const idempotency = deps.idempotency ?? new DedupeIdempotencyStore(window);
    const executor = new QueryExecutor(facts, calendar, {
      maxScannedRows: config.PLANT_QUERY_MAX_SCANNED_ROWS,
      maxRangeDays: config.PLANT_QUERY_MAX_RANGE_DAYS,
    });
    const allSites: string[] = plant.sites();
    const calls = new LlmCallPublisher(deps.bus, topics.llmCalls, PLANT_QUERY_SERVICE_ID);
    // As the agents do: a model only when LLM_* configures one; otherwise the parser alone,
    // and the service records the deterministic translation itself.
    const llmSettings = deps.gateway ? undefined : (deps.llmSettings ?? loadLlmSettings());
    const gateway =
      deps.gateway ??
      (llmSettings?.provider
        ? createLlmGateway({
            settings: llmSettings,
            metrics: deps.metrics,
            onCall: calls.sink,
            tokenUsage: await DocumentTokenUsageStore.open(deps.store),
            captures: await DocumentCallCaptureStore.open(deps.store),
          })
        : undefined);
    const service = new PlantQueryService({
      executor,
      allSites: () => allSites,
      collectionOf: (q) => FACT_COLLECTIONS[METRIC_CATALOGUE[q.metric].fact],
      onCall: calls.sink,
      ...(gateway ? { translator: new QueryTranslator(gateway) } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
    const verifier = userAuthenticatorFrom(config);
    return new PlantQueryRuntime(deps, topics, facts, projector, idempotency, service, verifier, allSites);
  }

  /** What this service consumes and publishes, created if missing. */
  get topicSpecs(): { name: string; partitions: number }[] {
    return [
      { name: this.topics.plantEvents, partitions: TOPIC_SPECS[Topics.PlantEvents].partitions },
      { name: this.topics.llmCalls, partitions: TOPIC_SPECS[Topics.LlmCalls].partitions },
      { name: this.topics.deadLetters, partitions: TOPIC_SPECS[Topics.DeadLetters].partitions },
    ];
  }

  /** Facts stored before the hourly buckets existed (an upgrade) get their buckets once, before new events arrive. */
  async backfillRollups(): Promise<void> {
    const sites = this.allSites;
    if (
      (await this.facts.productionHourly.count(sites)) > 0 ||
      (await this.facts.facts('production').count(sites)) === 0
    )
      return;
    const buckets = await rebuildProductionRollups(this.facts, sites);
    this.deps.log.info({ buckets }, 'plant-query: hourly production buckets rebuilt from stored facts');
  }
}
