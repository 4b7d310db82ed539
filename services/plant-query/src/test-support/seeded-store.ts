import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InProcessEventBus, type EventBus } from '@andon/bus';
import type { PlantEvent } from '@andon/contracts';
import { loadLlmSettings, type LlmGateway } from '@andon/llm';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import type { PlantModel } from '@andon/plant-model';
import { PlantCalendar } from '../calendar/plant-calendar';
import { plantQueryConfigSchema } from '../config/plant-query.config';
import { PlantFactsProjector } from '../facts/plant-facts.projector';
import { PlantFactsRepository } from '../facts/plant-facts.repository';
import { PlantQueryModule } from '../plant-query.module';
import { PlantQueryService } from '../plant-query.service';
import { plantQueryTopicSpecs, plantQueryTopics } from '../plant-query.tokens';
import { QueryExecutor } from '../query/query-executor';
import { decoded } from './plant-events';
import { TEST_PLANT } from './test-plant';

export interface SeededStore {
  store: DocumentStore;
  /** The module's own bus (in process): the service publishes its call records on it. */
  bus: EventBus;
  app: INestApplicationContext;
  repo: PlantFactsRepository;
  calendar: PlantCalendar;
  projector: PlantFactsProjector;
  executor: QueryExecutor;
  service: PlantQueryService;
  close(): Promise<void>;
}

export interface SeededStoreOptions {
  /** Defaults to an embedded SQLite store in a fresh temp dir. */
  open?: () => Promise<DocumentStore>;
  productionRollups?: boolean;
  maxScannedRows?: number;
  plant?: PlantModel;
  now?: Date;
  gateway?: LlmGateway;
}

/**
 * The real plant-query module (built by Nest from PlantQueryModule.forRoot, not consuming:
 * events go through its projector here, as the consumer would hand them over), with
 * `events` projected into `store`.
 */
export async function seededStore(
  events: readonly PlantEvent[],
  options: SeededStoreOptions = {},
): Promise<SeededStore> {
  const dir = options.open ? undefined : mkdtempSync(join(tmpdir(), 'andon-pq-seed-'));
  const store = options.open
    ? await options.open()
    : SqliteDocumentStore.open(join(dir as string, 'andon.sqlite'));
  const log = createLogger('test', 'silent');
  const metrics = new Metrics({}, false);
  const bus = new InProcessEventBus({ logger: log, metrics });
  // The module is not consuming (nothing creates its topics): its call records need their topic.
  await bus.ensureTopics(plantQueryTopicSpecs(plantQueryTopics()));
  const config = plantQueryConfigSchema.parse({
    GRPC_ENABLED: 'false',
    PLANT_QUERY_PRODUCTION_ROLLUPS: options.productionRollups === false ? 'false' : 'true',
    ...(options.maxScannedRows ? { PLANT_QUERY_MAX_SCANNED_ROWS: String(options.maxScannedRows) } : {}),
  });
  const now = options.now;
  const app = await NestFactory.createApplicationContext(
    PlantQueryModule.forRoot({
      bus,
      store,
      log,
      metrics,
      config,
      plant: options.plant ?? TEST_PLANT,
      consume: false,
      // No model unless the spec brings a gateway: LLM_* in the environment never reaches a spec.
      llmSettings: loadLlmSettings({}),
      ...(options.gateway ? { gateway: options.gateway } : {}),
      ...(now ? { now: () => now } : {}),
    }),
    { logger: false },
  );
  const projector = app.get(PlantFactsProjector);
  for (const event of events) await projector.handle(decoded(event), log);
  return {
    store,
    bus,
    app,
    repo: app.get(PlantFactsRepository),
    calendar: app.get(PlantCalendar),
    projector,
    executor: app.get(QueryExecutor),
    service: app.get(PlantQueryService),
    close: async () => {
      await app.close();
      await bus.close();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
