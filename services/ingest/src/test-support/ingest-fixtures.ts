// Shared by this service's specs only (never imported by production code).
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import {
  InProcessEventBus,
  type EventBus,
  type MessageHeaders as Headers,
  type Subscription,
} from '@andon/bus';
import { ContentTypes, HeaderNames } from '@andon/contracts';
import { Metrics, createLogger, type Logger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { ingestConfigSchema } from '../config/ingest.config';
import { DeadLetterArchive } from '../dead-letter/dead-letter-archive';
import { createIngestContext } from '../ingest-context';
import type { IngestModuleOptions } from '../ingest.module';
import type { IngestSettings } from '../ingest.tokens';
import { IngestPipeline } from '../pipeline/ingest-pipeline';
import { IngestTopics, type IngestTopicNames } from '../pipeline/ingest-topics';
import { sourcePortsOf, type IngestSourcePorts } from '../protocols/source-ports';
import { DlqReplayService } from '../replay/dlq-replay.service';
import { SiteCodeRegistry } from '../site-codes/site-code-registry';
import { UnmappedCodesRepository } from '../unmapped/unmapped-codes.repository';

export const SITE_CODES_DIR = join(__dirname, '..', '..', '..', '..', 'config', 'site-codes');

/** The simulator's JSON shape (services/mes-sim/src/generator/raw-event.ts), duplicated on purpose: it is a contract. */
export interface RawJson {
  sourceSystem: string;
  sourceEventId: string;
  eventType: string;
  location: { enterprise?: string; site?: string; area?: string; line?: string; cell?: string };
  occurredAt: string;
  payload: Record<string, unknown>;
  [extra: string]: unknown;
}

let seq = 0;

export function rawJson(overrides: Partial<RawJson> = {}): RawJson {
  seq += 1;
  return {
    sourceSystem: 'MES',
    sourceEventId: `plant-a-mes-${seq}`,
    eventType: 'production_count',
    location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1' },
    occurredAt: new Date().toISOString(),
    payload: { good: 57, scrap: 1, unit: 'ea', product: 'PX-100', lotId: 'LOT-1' },
    ...overrides,
  };
}

export const jsonHeaders: Headers = { [HeaderNames.ContentType]: ContentTypes.Json };
export const protobufHeaders: Headers = { [HeaderNames.ContentType]: ContentTypes.Protobuf };

export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function testSettings(overrides: Partial<IngestSettings> = {}): IngestSettings {
  const defaults = ingestConfigSchema.parse({});
  return {
    ...defaults,
    INGEST_SITE_CODES_DIR: SITE_CODES_DIR,
    INGEST_SITE_CODES_REFRESH_MS: 0,
    INGEST_HTTP_TOKENS: ['ingest-secret'],
    INGEST_ADMIN_TOKENS: ['admin-secret'],
    ...overrides,
  };
}

export function quietLogger(): Logger {
  return createLogger('ingest-test', process.env['LOG_LEVEL'] ?? 'silent');
}

/** Ingest built by Nest from the real module, and the parts of it specs drive (each `app.get()`). */
export interface Harness {
  app: INestApplicationContext;
  bus: EventBus;
  store: DocumentStore;
  metrics: Metrics;
  topics: IngestTopics;
  pipeline: IngestPipeline;
  archive: DeadLetterArchive;
  unmapped: UnmappedCodesRepository;
  siteCodes: SiteCodeRegistry;
  replay: DlqReplayService;
  /** What a hand-built MQTT or OPC UA source of this ingest uses. */
  ports: IngestSourcePorts;
  /** Closes the app (consumers leave after their in-flight records), then the bus and store it opened. */
  close(): Promise<void>;
}

/** Ingest on the in-process bus and an in-memory SQLite store (or those given), started. */
export async function startHarness(
  options: {
    settings?: Partial<IngestSettings>;
    topics?: IngestTopicNames;
    now?: () => Date;
    store?: DocumentStore;
    bus?: EventBus;
    /** Join the raw-topic and dead-letter groups (default true). */
    consume?: boolean;
    plant?: IngestModuleOptions['plant'];
  } = {},
): Promise<Harness> {
  const bus = options.bus ?? new InProcessEventBus({ logger: quietLogger() });
  const store = options.store ?? SqliteDocumentStore.open(':memory:');
  const metrics = new Metrics({}, false);
  const app = await createIngestContext({
    bus,
    store,
    log: quietLogger(),
    metrics,
    config: testSettings(options.settings),
    ...(options.topics ? { topics: options.topics } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.plant ? { plant: options.plant } : {}),
    ...(options.consume !== undefined ? { consume: options.consume } : {}),
  });
  return {
    app,
    bus,
    store,
    metrics,
    topics: app.get(IngestTopics),
    pipeline: app.get(IngestPipeline),
    archive: app.get(DeadLetterArchive),
    unmapped: app.get(UnmappedCodesRepository),
    siteCodes: app.get(SiteCodeRegistry),
    replay: app.get(DlqReplayService),
    ports: sourcePortsOf(app),
    close: async () => {
      await app.close();
      if (!options.bus) await bus.close();
      if (!options.store) await store.close();
    },
  };
}

export interface CollectedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Headers;
}

/** Subscribes a fresh group to a topic and collects what arrives (from the beginning). */
export async function collect(
  bus: EventBus,
  topic: string,
  groupId: string,
): Promise<{ records: CollectedRecord[]; subscription: Subscription }> {
  const records: CollectedRecord[] = [];
  const subscription = await bus.subscribe({
    groupId,
    topics: [topic],
    fromBeginning: true,
    handler: async (value, ctx) => {
      records.push({
        topic: ctx.topic,
        partition: ctx.partition,
        offset: ctx.offset,
        key: ctx.key,
        value: Buffer.from(value),
        headers: ctx.headers,
      });
    },
  });
  return { records, subscription };
}

/** The value of one sample of a counter, 0 when absent. */
export async function counterValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  const sample = data.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return sample?.value ?? 0;
}
