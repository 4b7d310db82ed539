import { isAbsolute, resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, EVENT_BUS, type EventBus } from '@andon/bus';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { loadPlantModelFromEnv, type PlantModel } from '@andon/plant-model';
import {
  DOCUMENT_STORE,
  SERVICE_LOG,
  ServiceKitModule,
  schemeProvider,
  servicePortProviders,
  clockOf,
  storeRepository,
} from '@andon/service-kit';
import { DeadLetterArchive } from './dead-letter/dead-letter-archive';
import { DeadLetterArchiver } from './dead-letter/dead-letter-archiver';
import { SourceEventDedupe } from './dedupe/source-event-dedupe';
import { BodyErrorHook } from './http-ingest/body-error.hook';
import { HttpIngestController } from './http-ingest/http-ingest.controller';
import { HttpIngestService } from './http-ingest/http-ingest.service';
import { INGEST_ADMIN_SCHEME, INGEST_SCHEME, ingestAuthenticators } from './http-ingest/ingest-auth';
import { INGEST_CONSUMING, INGEST_SETTINGS, type IngestSettings } from './ingest.tokens';
import { IngestMetrics } from './pipeline/ingest-metrics';
import { IngestPipeline } from './pipeline/ingest-pipeline';
import { IngestTopics, type IngestTopicNames } from './pipeline/ingest-topics';
import { RawTopicsConsumer } from './pipeline/raw-topics.consumer';
import { UnmappedPathsRepository } from './protocols/plant-mapping/unmapped-paths.repository';
import { SOURCE_PORT_TOKENS } from './protocols/source-ports';
import { DlqController } from './replay/dlq.controller';
import { DlqReplayService } from './replay/dlq-replay.service';
import { SiteCodeRegistry } from './site-codes/site-code-registry';
import { SiteCodesController } from './site-codes/site-codes.controller';
import { SiteCodesReload } from './site-codes/site-codes-reload.service';
import { UnmappedCodesRepository } from './unmapped/unmapped-codes.repository';
import { UnmappedController } from './unmapped/unmapped.controller';

/** What a process gives ingest; standalone passes embedded adapters, main.ts the configured ones. */
export interface IngestModuleOptions {
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
  /** Join the raw-topic and dead-letter consumer groups on bootstrap. Default true. */
  consume?: boolean;
}

function siteCodesProvider(options: IngestModuleOptions) {
  return {
    provide: SiteCodeRegistry,
    useFactory: (log: Logger): SiteCodeRegistry => {
      if (options.siteCodes) return options.siteCodes;
      const dir = options.config.INGEST_SITE_CODES_DIR;
      return SiteCodeRegistry.load(isAbsolute(dir) ? dir : resolve(dir), {
        refreshMs: options.config.INGEST_SITE_CODES_REFRESH_MS,
        log,
        plant: options.plant ?? (() => loadPlantModelFromEnv()),
      });
    },
    inject: [SERVICE_LOG],
  };
}

/**
 * The ingest service as a Nest module over injected ports, so services/standalone can
 * compose it on embedded adapters and main.ts on the configured ones. Nest builds every
 * use case; the bus module runs the raw-topic consumer and the dead-letter archiver
 * (@Subscribe: subscribed at bootstrap, closed first at shutdown, in-flight records
 * drained and committed); the kit runs the dedupe purge (@Sweep). The bus and store
 * belong to the caller: the module never closes them (bootstrapService's closers do, last).
 */
@Module({})
export class IngestModule {
  static forRoot(options: IngestModuleOptions): DynamicModule {
    const auth = ingestAuthenticators(options.config);
    const { config } = options;
    return {
      module: IngestModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [HttpIngestController, DlqController, UnmappedController, SiteCodesController],
      providers: [
        ...servicePortProviders({
          ...options,
          component: 'ingest',
          clock: options.now ? clockOf(options.now) : undefined,
        }),
        { provide: INGEST_SETTINGS, useValue: config },
        { provide: INGEST_CONSUMING, useValue: options.consume !== false },
        { provide: IngestTopics, useValue: new IngestTopics(options.topics) },
        siteCodesProvider(options),
        {
          provide: SourceEventDedupe,
          useFactory: (store: DocumentStore) => SourceEventDedupe.open(store, config.INGEST_DEDUPE_WINDOW_MS),
          inject: [DOCUMENT_STORE],
        },
        storeRepository(UnmappedCodesRepository),
        storeRepository(UnmappedPathsRepository),
        storeRepository(DeadLetterArchive),
        IngestMetrics,
        IngestPipeline,
        RawTopicsConsumer,
        DeadLetterArchiver,
        HttpIngestService,
        DlqReplayService,
        SiteCodesReload,
        schemeProvider(INGEST_SCHEME, auth.events),
        schemeProvider(INGEST_ADMIN_SCHEME, auth.admin),
        BodyErrorHook,
      ],
      // What the MQTT and OPC UA sources of an importing module use (source-ports.ts), and
      // what the standalone's composition and the specs drive.
      exports: [
        ...SOURCE_PORT_TOKENS.filter((token) => token !== EVENT_BUS),
        SiteCodeRegistry,
        SiteCodesReload,
        DeadLetterArchive,
        UnmappedCodesRepository,
        SourceEventDedupe,
        HttpIngestService,
        DlqReplayService,
      ],
    };
  }
}
