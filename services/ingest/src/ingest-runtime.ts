import { isAbsolute, resolve } from 'node:path';
import type { EventBus } from '@andon/bus';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { loadPlantModelFromEnv, type PlantModel } from '@andon/plant-model';
import type { IngestConfig } from './config/ingest.config';
import { DeadLetterArchive } from './dead-letter/dead-letter-archive';
import { DeadLetterArchiver } from './dead-letter/dead-letter-archiver';
import { SourceEventDedupe } from './dedupe/source-event-dedupe';
import { HttpIngestService } from './http-ingest/http-ingest.service';
import { IngestMetrics } from './pipeline/ingest-metrics';
import { IngestPipeline } from './pipeline/ingest-pipeline';
import { IngestTopics, type IngestTopicNames } from './pipeline/ingest-topics';
import { RawTopicsConsumer } from './pipeline/raw-topics.consumer';
import { DlqReplayService } from './replay/dlq-replay.service';
import { SiteCodeRegistry } from './site-codes/site-code-registry';
import { UnmappedCodesRepository } from './unmapped/unmapped-codes.repository';

export type IngestSettings = Pick<
  IngestConfig,
  | 'INGEST_GROUP_ID'
  | 'INGEST_HTTP_TOKENS'
  | 'INGEST_ADMIN_TOKENS'
  | 'INGEST_MAX_BYTES'
  | 'INGEST_HTTP_MAX_BODY_BYTES'
  | 'INGEST_MAX_SKEW_MS'
  | 'INGEST_DEDUPE_WINDOW_MS'
  | 'INGEST_SITE_CODES_DIR'
  | 'INGEST_SITE_CODES_REFRESH_MS'
  | 'INGEST_DEFAULT_ENTERPRISE'
  | 'INGEST_PARTITIONS_CONCURRENCY'
> &
  Partial<Pick<IngestConfig, 'INGEST_BATCH_SIZE'>>;

/** What a process gives ingest; standalone passes embedded adapters, main.ts the configured ones. */
export interface IngestDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: IngestSettings;
  /** Overrides the catalogue topic names (tests use unique names per run). */
  topics?: IngestTopicNames;
  /** Overrides loading the code maps from INGEST_SITE_CODES_DIR. */
  siteCodes?: SiteCodeRegistry;
  /** The plant model the code maps are checked against, re-read on every reload; default: PLANT_MODEL_DIR. */
  plant?: () => PlantModel;
  now?: () => Date;
}

const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Every ingest use case wired from the ports, without Nest: the module, the CLI, the
 * property test and the benchmark build the same object.
 */
export class IngestRuntime {
  private stopPurging: (() => void) | undefined;

  private constructor(
    readonly deps: IngestDeps,
    readonly topics: IngestTopics,
    readonly siteCodes: SiteCodeRegistry,
    readonly dedupe: SourceEventDedupe,
    readonly unmapped: UnmappedCodesRepository,
    readonly archive: DeadLetterArchive,
    readonly pipeline: IngestPipeline,
    readonly consumer: RawTopicsConsumer,
    readonly archiver: DeadLetterArchiver,
    readonly http: HttpIngestService,
    readonly replay: DlqReplayService,
  ) {}

  static async create(deps: IngestDeps): Promise<IngestRuntime> {
    const { config, log } = deps;
    const groupId = config.INGEST_GROUP_ID;
    const httpGroupId = `${groupId}-http`;
    const topics = new IngestTopics(deps.topics);
    const dir = isAbsolute(config.INGEST_SITE_CODES_DIR)
      ? config.INGEST_SITE_CODES_DIR
      : resolve(config.INGEST_SITE_CODES_DIR);
    const siteCodes =
      deps.siteCodes ??
      SiteCodeRegistry.load(dir, {
        refreshMs: config.INGEST_SITE_CODES_REFRESH_MS,
        log,
        plant: deps.plant ?? (() => loadPlantModelFromEnv()),
      });
    const dedupe = await SourceEventDedupe.open(deps.store, config.INGEST_DEDUPE_WINDOW_MS);
    const unmapped = await UnmappedCodesRepository.open(deps.store);
    const archive = await DeadLetterArchive.open(deps.store);
    const metrics = new IngestMetrics(deps.metrics);
    const pipeline = new IngestPipeline({
      bus: deps.bus,
      dedupe,
      unmapped,
      siteCodes,
      metrics,
      log,
      topics,
      settings: {
        maxBytes: config.INGEST_MAX_BYTES,
        maxSkewMs: config.INGEST_MAX_SKEW_MS,
        defaultEnterprise: config.INGEST_DEFAULT_ENTERPRISE,
      },
      ...(deps.now ? { now: deps.now } : {}),
    });
    const consumer = new RawTopicsConsumer({
      bus: deps.bus,
      pipeline,
      topics,
      groupId,
      partitionsConsumedConcurrently: config.INGEST_PARTITIONS_CONCURRENCY,
      ...(config.INGEST_BATCH_SIZE !== undefined ? { maxBatchSize: config.INGEST_BATCH_SIZE } : {}),
    });
    const archiver = new DeadLetterArchiver({
      bus: deps.bus,
      archive,
      dlqTopic: topics.deadLetters,
      groupId: `${groupId}-dlq-archive`,
      ownedGroups: [groupId, httpGroupId],
      log,
    });
    const http = new HttpIngestService({
      bus: deps.bus,
      pipeline,
      topics,
      groupId: httpGroupId,
      log,
      metrics,
      ...(deps.now ? { now: deps.now } : {}),
    });
    const replay = new DlqReplayService({
      bus: deps.bus,
      archive,
      topics,
      metrics,
      log,
      ...(deps.now ? { now: deps.now } : {}),
    });
    return new IngestRuntime(
      deps,
      topics,
      siteCodes,
      dedupe,
      unmapped,
      archive,
      pipeline,
      consumer,
      archiver,
      http,
      replay,
    );
  }

  /** Creates the topics if missing, then joins the raw-topic and dead-letter groups. */
  async start(): Promise<void> {
    await this.deps.bus.ensureTopics(this.topics.specs());
    await this.consumer.start();
    await this.archiver.start();
    this.stopPurging ??= this.dedupe.startPurging(PURGE_INTERVAL_MS, (err) =>
      this.deps.log.warn({ err }, 'dedupe purge failed'),
    );
    this.deps.log.info(
      {
        group: this.deps.config.INGEST_GROUP_ID,
        topics: this.topics.rawTopics,
        siteCodes: this.siteCodes.list(),
      },
      'ingest started',
    );
  }

  /** Leaves the groups after in-flight records are handled and committed. */
  async stop(): Promise<void> {
    this.stopPurging?.();
    this.stopPurging = undefined;
    await this.consumer.stop();
    await this.archiver.stop();
  }

  /** Re-reads the code maps and drops unmapped-code entries the new maps now cover. */
  async reloadSiteCodes(): Promise<{
    sites: Array<{ site: string; version: number }>;
    errors: string[];
    resolved: number;
  }> {
    const report = this.siteCodes.reload();
    let resolved = 0;
    for (const entry of await this.unmapped.list({ limit: 10_000 })) {
      const map = this.siteCodes.get(entry.site);
      const covered =
        entry.kind === 'downtime_reason'
          ? map?.downtimeReason(entry.code)
          : entry.kind === 'alarm_code'
            ? map?.alarmCode(entry.code)
            : map?.ncrCategory(entry.code);
      if (covered !== undefined && (await this.unmapped.resolve(entry.site, entry.kind, entry.code)))
        resolved += 1;
    }
    return { ...report, resolved };
  }
}
