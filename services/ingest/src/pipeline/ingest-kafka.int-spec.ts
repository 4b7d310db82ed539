import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DLQ_HEADERS, KafkaEventBus, type EventBus, type Subscription } from '@andon/bus';
import { ContentTypes, HeaderNames, PlantEvent, SourceSystem } from '@andon/contracts';
import { SqliteDocumentStore } from '@andon/persistence';
import { kafkaBrokers, startKafka, stopKafka, uniqueName, waitFor } from '@andon/testing';
import { canonicalEventId } from '../normalise/event-id';
import {
  collect,
  jsonBytes,
  quietLogger,
  rawJson,
  startHarness,
  type CollectedRecord,
  type Harness,
} from '../test-support/ingest-fixtures';
import { IngestHeaders } from './ingest-headers';
import type { IngestTopicNames } from './ingest-topics';

// Ingest against the real Kafka broker of the test run and a SQLite file store.
// Tests in this file run in order and share one set of topics per test.

jest.setTimeout(240_000);

const CONCURRENCY = 4;
/** Small batches, so the broker crash below lands while the second half is still being ingested. */
const BATCH = 10;
const LINES = ['plant-a/line-1', 'plant-a/line-2', 'plant-b/line-3', 'plant-b/line-4'] as const;

function topicNames(): IngestTopicNames {
  const run = uniqueName('ingest');
  return {
    raw: {
      MES: `${run}.raw.mes`,
      ERP: `${run}.raw.erp`,
      HISTORIAN: `${run}.raw.historian`,
      QMS: `${run}.raw.qms`,
      CMMS: `${run}.raw.cmms`,
    },
    plantEvents: `${run}.plant-events`,
    deadLetters: `${run}.dlq`,
  };
}

function kafkaBus(clientId: string): KafkaEventBus {
  return new KafkaEventBus({
    brokers: kafkaBrokers(),
    clientId,
    logger: quietLogger(),
    consumer: {
      heartbeatIntervalMs: 500,
      sessionTimeoutMs: 10_000,
      maxWaitTimeMs: 250,
      autoCommitIntervalMs: 1_000,
    },
  });
}

interface Instance extends Harness {
  stop(): Promise<void>;
}

/** One ingest "process": its own Kafka client and store handle, the shared group and store file. */
async function startIngest(name: string, topics: IngestTopicNames, storeFile: string): Promise<Instance> {
  const bus = kafkaBus(name);
  const store = SqliteDocumentStore.open(storeFile);
  const ingest = await startHarness({
    bus,
    store,
    settings: {
      INGEST_GROUP_ID: `${topics.plantEvents}-ingest`,
      INGEST_PARTITIONS_CONCURRENCY: CONCURRENCY,
      INGEST_BATCH_SIZE: BATCH,
    },
    topics,
  });
  return {
    ...ingest,
    stop: async () => {
      await ingest.close();
      await bus.close();
      await store.close();
    },
  };
}

function lineEvent(i: number, key: string): { key: string; value: Buffer; sourceEventId: string } {
  const [site, line] = key.split('/') as [string, string];
  const sourceEventId = `int-${i}`;
  return {
    key,
    sourceEventId,
    value: jsonBytes(rawJson({ sourceEventId, location: { site, line }, payload: { good: i, unit: 'ea' } })),
  };
}

describe('ingest on the real Kafka broker', () => {
  let dir: string;
  let topics: IngestTopicNames;
  let producer: EventBus;
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-int-'));
    topics = topicNames();
    producer = kafkaBus('ingest-int-producer');
    cleanups.push(() => producer.close());
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  async function reader(topic: string): Promise<CollectedRecord[]> {
    const { records, subscription } = await collect(producer, topic, uniqueName('reader'));
    cleanups.push(() => (subscription as Subscription).close());
    return records;
  }

  it('publishes plant events for raw JSON and protobuf, and dead-letters bad input with its reason and original bytes', async () => {
    const ingest = await startIngest('ingest-int-a', topics, join(dir, 'store.sqlite'));
    cleanups.push(() => ingest.stop());
    const plant = await reader(topics.plantEvents);
    const dlq = await reader(topics.deadLetters);

    const protobuf = PlantEvent.encode(
      PlantEvent.fromPartial({
        envelope: {
          eventId: 'pb-1',
          sourceSystem: SourceSystem.HISTORIAN,
          location: { site: 'plant-b', line: 'line-3' },
          occurredAt: new Date(),
        },
        payload: {
          $case: 'historianReading',
          value: { tag: 'b-l3-m1.temperature', value: 158, unit: 'degF' },
        },
      }),
    ).finish();
    const truncated = Buffer.from('{"sourceSystem":"MES","sourceEventId":"x","loc');
    const skewed = jsonBytes(rawJson({ sourceEventId: 'skewed', occurredAt: '2001-01-01T00:00:00Z' }));
    await producer.publish([
      {
        topic: topics.raw.MES,
        key: 'plant-a/line-1',
        value: jsonBytes(
          rawJson({
            sourceEventId: 'json-1',
            eventType: 'downtime_start',
            payload: { machineId: 'a-l1-m2', reasonCode: 'D02' },
          }),
        ),
        headers: { [HeaderNames.ContentType]: ContentTypes.Json },
      },
      {
        topic: topics.raw.HISTORIAN,
        key: 'plant-b/line-3',
        value: protobuf,
        headers: { [HeaderNames.ContentType]: ContentTypes.Protobuf },
      },
      {
        topic: topics.raw.MES,
        key: 'plant-a/line-1',
        value: truncated,
        headers: { [HeaderNames.ContentType]: ContentTypes.Json, 'x-gateway': 'gw-7' },
      },
      {
        topic: topics.raw.ERP,
        key: 'plant-a/line-1',
        value: skewed,
        headers: { [HeaderNames.ContentType]: ContentTypes.Json },
      },
    ]);

    await waitFor(() => plant.length >= 2 && dlq.length >= 2, {
      timeoutMs: 120_000,
      description: '2 plant events and 2 dead letters',
    });
    const byId = new Map(plant.map((r) => [r.headers[HeaderNames.EventId], r]));
    const json = byId.get(canonicalEventId(SourceSystem.MES, 'json-1'));
    const pb = byId.get(canonicalEventId(SourceSystem.HISTORIAN, 'pb-1'));
    expect(json?.key).toBe('plant-a/line-1');
    expect(PlantEvent.decode(json?.value ?? Buffer.alloc(0)).envelope?.location).toEqual({
      enterprise: 'acme',
      site: 'plant-a',
      area: 'molding',
      line: 'line-1',
      cell: 'a-l1-c2',
    });
    expect(PlantEvent.decode(json?.value ?? Buffer.alloc(0)).payload).toEqual({
      $case: 'downtimeStart',
      value: expect.objectContaining({ canonicalReason: 4, reasonMapped: true }),
    });
    expect(pb?.key).toBe('plant-b/line-3');
    expect(PlantEvent.decode(pb?.value ?? Buffer.alloc(0)).payload).toEqual({
      $case: 'historianReading',
      value: expect.objectContaining({ value: 70, unit: 'degC' }),
    });

    const decodeLetter = dlq.find((r) => r.headers[DLQ_HEADERS.reason] === 'decode_failed');
    expect(decodeLetter?.value.equals(truncated)).toBe(true);
    expect(decodeLetter?.headers).toMatchObject({
      'x-gateway': 'gw-7',
      [DLQ_HEADERS.sourceTopic]: topics.raw.MES,
      [DLQ_HEADERS.consumerGroup]: `${topics.plantEvents}-ingest`,
    });
    expect(decodeLetter?.headers[DLQ_HEADERS.sourcePartition]).toMatch(/^\d+$/);
    expect(decodeLetter?.headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
    const skewLetter = dlq.find((r) => r.headers[DLQ_HEADERS.reason] === 'schema_invalid');
    expect(skewLetter?.value.equals(skewed)).toBe(true);
    expect(skewLetter?.headers[DLQ_HEADERS.message]).toMatch(/^timestamp_skew: /);
    // The archive is filled from the DLQ topic, so operators can list and replay.
    await waitFor(async () => (await ingest.archive.find({})).length === 2, {
      timeoutMs: 60_000,
      description: 'both dead letters archived',
    });
  });

  it('loses and duplicates nothing across a consumer restart and a broker crash mid-stream', async () => {
    const storeFile = join(dir, 'store.sqlite');
    const FIRST = 120;
    const N = FIRST + 2_000;
    const events = Array.from({ length: N }, (_, i) => lineEvent(i, LINES[i % LINES.length] as string));
    const expectedIds = new Set(events.map((e) => canonicalEventId(SourceSystem.MES, e.sourceEventId)));
    const first = events.slice(0, FIRST);
    const second = events.slice(FIRST);

    let a = await startIngest('ingest-int-a', topics, storeFile);
    const plant = await reader(topics.plantEvents);
    const send = (batch: typeof events) =>
      producer.publish(
        batch.map((e) => ({
          topic: topics.raw.MES,
          key: e.key,
          value: e.value,
          headers: { [HeaderNames.ContentType]: ContentTypes.Json },
        })),
      );
    await send(first);

    // 1. Graceful restart: close instance A partway, start B (new client, same group, same store file).
    await waitFor(() => plant.length >= 20, { timeoutMs: 120_000, description: 'A published some events' });
    await a.stop();
    const b = await startIngest('ingest-int-b', topics, storeFile);
    cleanups.push(() => b.stop());
    await waitFor(() => new Set(plant.map((r) => r.headers[HeaderNames.EventId])).size >= first.length, {
      timeoutMs: 120_000,
      description: 'B finished the first half',
    });
    // Guarantee 1 (graceful close + store-backed dedupe): not a single duplicate.
    expect(plant).toHaveLength(first.length);
    a = b;

    // 2. Broker crash (SIGKILL) while the second half is being ingested.
    await send(second);
    await waitFor(() => plant.length >= first.length + 10, {
      timeoutMs: 120_000,
      description: 'B publishing the second half',
    });
    await stopKafka();
    const atCrash = new Set(plant.map((r) => r.headers[HeaderNames.EventId])).size;
    // The crash must land mid-stream, or this test would not test recovery at all.
    expect(atCrash).toBeLessThan(N);
    await startKafka();
    await waitFor(() => new Set(plant.map((r) => r.headers[HeaderNames.EventId])).size >= N, {
      timeoutMs: 200_000,
      intervalMs: 500,
      description: 'every event published after the crash',
    });

    // Guarantee 2 (at-least-once, idempotent by event id): the set of event ids is exactly the expected set...
    const ids = plant.map((r) => r.headers[HeaderNames.EventId] as string);
    expect(new Set(ids)).toEqual(expectedIds);
    // ...and a copy can only come from a message in flight at the crash (published, not yet marked in the
    // dedupe store): at most one batch per concurrently handled partition, byte-identical apart from ingested_at.
    const copies = new Map<string, CollectedRecord[]>();
    for (const r of plant)
      copies.set(r.headers[HeaderNames.EventId] as string, [
        ...(copies.get(r.headers[HeaderNames.EventId] as string) ?? []),
        r,
      ]);
    const duplicated = [...copies.values()].filter((c) => c.length > 1);
    expect(duplicated.length).toBeLessThanOrEqual(CONCURRENCY * BATCH);
    for (const group of duplicated) {
      const canonical = group.map((r) => {
        const e = PlantEvent.decode(r.value);
        return { key: r.key, payload: e.payload, envelope: { ...e.envelope, ingestedAt: undefined } };
      });
      for (const copy of canonical) expect(copy).toEqual(canonical[0]);
    }

    // Per-key order: within each line the first copy of each event appears in source order.
    for (const key of LINES) {
      const seen: number[] = [];
      for (const r of plant.filter((p) => p.key === key)) {
        const n = Number((r.headers[IngestHeaders.SourceEventId] ?? '').replace('int-', ''));
        if (!seen.includes(n)) seen.push(n);
      }
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
    }
  });
});
