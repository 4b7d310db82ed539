import { Module, type DynamicModule } from '@nestjs/common';
import { LlmCallPublisher } from '@andon/agent-kit';
import { BusModule, EVENT_BUS, type EventBus, type IdempotencyStore } from '@andon/bus';
import type { Logger, Metrics } from '@andon/observability';
import { DedupeIdempotencyStore, DedupeWindow, type DocumentStore } from '@andon/persistence';
import { PlantModel, loadPlantModelFromEnv } from '@andon/plant-model';
import {
  DOCUMENT_STORE,
  ServiceKitModule,
  servicePortProviders,
  userAuthProvider,
  clockOf,
  storeRepository,
} from '@andon/service-kit';
import { PlantCalendar } from './calendar/plant-calendar';
import type { PlantQuerySettings } from './config/plant-query.config';
import { PLANT_QUERY_CONSUMES, PlantFactsConsumer } from './facts/plant-facts.consumer';
import { PlantFactsProjector } from './facts/plant-facts.projector';
import { PlantFactsRepository } from './facts/plant-facts.repository';
import { RollupBackfill } from './facts/rollup-backfill';
import { PlantQueryGrpcServer } from './grpc/plant-query-grpc.server';
import { PlantQueryController } from './http/plant-query.controller';
import { PlantQueryService } from './plant-query.service';
import {
  PLANT_QUERY_IDEMPOTENCY,
  PLANT_QUERY_SERVICE_ID,
  PLANT_QUERY_SETTINGS,
  PLANT_QUERY_TOPICS,
  plantQueryTopics,
  type PlantQueryTopics,
} from './plant-query.tokens';
import { EXECUTION_LIMITS, QueryExecutor, type ExecutionLimits } from './query/query-executor';
import { queryTranslatorProvider, type TranslatorOptions } from './translate/query-translator.provider';

export interface PlantQueryModuleOptions extends TranslatorOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: PlantQuerySettings;
  topics?: Partial<PlantQueryTopics>;
  idempotency?: IdempotencyStore;
  /** Time zones, shift patterns, lines and ideal rates; default: loaded from PLANT_MODEL_DIR (config/plant). */
  plant?: PlantModel;
  now?: () => Date;
  /** Join the consumer group on bootstrap. Default true. */
  consume?: boolean;
}

/**
 * Plant-query as a Nest module over injected ports (bus and store belong to the caller):
 * the ports, config and plant model as providers, every use case built by Nest's injector.
 */
@Module({})
export class PlantQueryModule {
  static forRoot(options: PlantQueryModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlantQueryModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [PlantQueryController],
      providers: [
        ...servicePortProviders({
          store: options.store,
          log: options.log,
          metrics: options.metrics,
          component: PLANT_QUERY_SERVICE_ID,
          clock: options.now ? clockOf(options.now) : undefined,
        }),
        userAuthProvider(config),
        { provide: PLANT_QUERY_SETTINGS, useValue: config },
        { provide: PLANT_QUERY_TOPICS, useValue: plantQueryTopics(options.topics) },
        { provide: PLANT_QUERY_CONSUMES, useValue: options.consume !== false },
        {
          provide: EXECUTION_LIMITS,
          useValue: {
            maxScannedRows: config.PLANT_QUERY_MAX_SCANNED_ROWS,
            maxRangeDays: config.PLANT_QUERY_MAX_RANGE_DAYS,
            productionRollups: config.PLANT_QUERY_PRODUCTION_ROLLUPS,
          } satisfies ExecutionLimits,
        },
        { provide: PlantModel, useFactory: () => options.plant ?? loadPlantModelFromEnv() },
        storeRepository(PlantFactsRepository),
        {
          provide: PLANT_QUERY_IDEMPOTENCY,
          useFactory: async (store: DocumentStore): Promise<IdempotencyStore> =>
            options.idempotency ?? new DedupeIdempotencyStore(await DedupeWindow.open(store)),
          inject: [DOCUMENT_STORE],
        },
        {
          provide: LlmCallPublisher,
          useFactory: (bus: EventBus, topics: PlantQueryTopics) =>
            new LlmCallPublisher(bus, topics.llmCalls, PLANT_QUERY_SERVICE_ID),
          inject: [EVENT_BUS, PLANT_QUERY_TOPICS],
        },
        queryTranslatorProvider(options),
        PlantCalendar,
        PlantFactsProjector,
        RollupBackfill,
        QueryExecutor,
        PlantQueryService,
        PlantFactsConsumer,
        PlantQueryGrpcServer,
      ],
      exports: [PlantQueryService],
    };
  }
}
