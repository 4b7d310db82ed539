/**
 * Ingest throughput. Run from the repository root:
 *
 *   node -r @swc-node/register bench/ingest/ingest.bench.ts            # in-process only
 *   KAFKA_BROKERS=127.0.0.1:9092 node -r @swc-node/register bench/ingest/ingest.bench.ts   # + through Kafka
 *
 * Baseline (measured in the same run, same bytes): bare JSON.parse of the raw JSON
 * events. Reported: events/s of decode+validate+normalise for JSON and protobuf input,
 * of the whole in-process pipeline (dedupe in SQLite + publish on the in-process bus),
 * and, with KAFKA_BROKERS, end to end through the broker plus the p99 latency ingest adds
 * at a paced 2k events/s. BENCH_PARTS (default `inprocess,kafka,drain`) picks the parts.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { InProcessEventBus, KafkaEventBus, type EventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, PlantEvent, SourceSystem, TOPIC_SPECS, Topics } from '@andon/contracts';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import {
  decodeInput,
  ingestConfigSchema,
  IngestHeaders,
  IngestRuntime,
  type IngestTopicNames,
  normaliseEvent,
  SiteCodeRegistry,
} from '@andon/service-ingest/bench';

const N = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const KAFKA_N = Number(process.env['BENCH_KAFKA_EVENTS'] ?? 5_000);
const SITE_CODES = join(__dirname, '..', '..', 'config', 'site-codes');
const log = createLogger('ingest-bench', process.env['BENCH_LOG_LEVEL'] ?? 'silent');
const LINES = [
  ['plant-a', 'line-1', 'a-l1-m1', 'D01', 'A-100', 'degC'],
  ['plant-a', 'line-2', 'a-l2-m2', 'D03', 'A-400', 'degC'],
  ['plant-b', 'line-3', 'b-l3-m1', '130', 'TEMP_HI', 'degF'],
  ['plant-b', 'line-4', 'b-l4-m3', '150', 'JAM', 'degF'],
] as const;

function rawEvent(i: number, now: number): Record<string, unknown> {
  const [site, line, machine, downtime, alarm, unit] = LINES[i % LINES.length] as (typeof LINES)[number];
  const kind = i % 10;
  const payload =
    kind < 5
      ? { good: 57, scrap: 1, unit: 'ea', product: 'PX-100', lotId: `LOT-${i % 97}` }
      : kind < 8
        ? {
            tag: `${machine}.temperature`,
            value: unit === 'degF' ? 154.4 : 68,
            unit,
            quality: 'GOOD',
            machineId: machine,
          }
        : kind < 9
          ? { machineId: machine, reasonCode: downtime }
          : { machineId: machine, alarmCode: alarm, severity: 'HIGH', state: 'RAISED' };
  const eventType =
    kind < 5
      ? 'production_count'
      : kind < 8
        ? 'historian_reading'
        : kind < 9
          ? 'downtime_start'
          : 'machine_alarm';
  return {
    sourceSystem: 'MES',
    sourceEventId: `bench-${i}`,
    eventType,
    location: { enterprise: 'acme', site, area: 'x', line },
    occurredAt: new Date(now - 1_000).toISOString(),
    payload,
  };
}

function protobufOf(json: Record<string, unknown>): Uint8Array {
  const payload = PlantEvent.fromJSON({ [json['eventType'] as string]: json['payload'] }).payload;
  return PlantEvent.encode(
    PlantEvent.fromPartial({
      envelope: {
        eventId: json['sourceEventId'] as string,
        eventType: json['eventType'] as string,
        sourceSystem: SourceSystem.MES,
        location: json['location'] as object,
        occurredAt: new Date(json['occurredAt'] as string),
      },
      payload,
    }),
  ).finish();
}

/** Best of `rounds` passes over the same inputs, in events/s. */
function rate(rounds: number, pass: () => void): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    pass();
    best = Math.min(best, performance.now() - start);
  }
  return (N / best) * 1_000;
}

async function main(): Promise<void> {
  const now = Date.now();
  const events = Array.from({ length: N }, (_, i) => rawEvent(i, now));
  const jsonValues = events.map((e) => Buffer.from(JSON.stringify(e), 'utf8'));
  const protoValues = events.map(protobufOf);
  const registry = SiteCodeRegistry.load(SITE_CODES);
  const jsonHeaders = { [HeaderNames.ContentType]: ContentTypes.Json };
  const protoHeaders = { [HeaderNames.ContentType]: ContentTypes.Protobuf };
  const normalise = (values: Uint8Array[], headers: Record<string, string>) => () => {
    for (const value of values) {
      const raw = decodeInput(value, headers, { maxBytes: 262_144, defaultSource: undefined });
      normaliseEvent(raw, {
        codeMap: (s) => registry.get(s),
        defaultEnterprise: 'acme',
        maxSkewMs: 86_400_000,
        receivedAt: new Date(now),
        ingestedAt: new Date(),
      });
    }
  };

  const parts = new Set((process.env['BENCH_PARTS'] ?? 'inprocess,kafka,drain').split(','));
  console.log(
    `ingest bench: ${N} events, node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || '(default heap flags)'}`,
  );
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter((b) => b !== '');
  if (!parts.has('inprocess')) {
    if (brokers.length > 0 && parts.has('kafka')) await throughKafka(brokers, jsonValues.slice(0, KAFKA_N));
    if (brokers.length > 0 && parts.has('drain')) await drainRuns(brokers, jsonValues);
    return;
  }
  const baseline = rate(5, () => {
    for (const value of jsonValues) JSON.parse(value.toString('utf8'));
  });
  const json = rate(5, normalise(jsonValues, jsonHeaders));
  const proto = rate(5, normalise(protoValues, protoHeaders));
  const pipeline = await inProcessPipeline(jsonValues, 1);
  const pipelineBatched = await inProcessPipeline(jsonValues, 500);

  const rows: Array<[string, number]> = [
    ['baseline: JSON.parse of the raw JSON', baseline],
    ['decode+validate+normalise, JSON input', json],
    ['decode+validate+normalise, protobuf input', proto],
    ['whole pipeline in-process (SQLite dedupe + in-process bus), JSON, per record', pipeline],
    ['whole pipeline in-process, JSON, batches of 500 (the Kafka consumer path)', pipelineBatched],
  ];
  for (const [name, value] of rows)
    console.log(
      `${name.padEnd(70)} ${Math.round(value).toString().padStart(9)} events/s  ratio to baseline ${(value / baseline).toFixed(3)}`,
    );

  if (brokers.length > 0 && parts.has('kafka')) await throughKafka(brokers, jsonValues.slice(0, KAFKA_N));
  if (brokers.length > 0 && parts.has('drain')) await drainRuns(brokers, jsonValues);
}

/**
 * BENCH_DRAIN_RUNS drains (default 3) of BENCH_DRAIN_EVENTS (default 50 000), each on
 * fresh topics deleted afterwards; every rate is printed, then the median.
 */
async function drainRuns(brokers: string[], jsonValues: Buffer[]): Promise<void> {
  const runs = Number(process.env['BENCH_DRAIN_RUNS'] ?? 3);
  const values = jsonValues.slice(0, Number(process.env['BENCH_DRAIN_EVENTS'] ?? 50_000));
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) rates.push(await drainBacklog(brokers, values));
  const sorted = [...rates].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2;
  console.log(
    `${`ingest alone draining ${values.length}: median of ${runs} runs`.padEnd(70)} ${Math.round(
      median ?? Number.NaN,
    )
      .toString()
      .padStart(9)} events/s  (runs: ${rates.map((x) => Math.round(x)).join(', ')})`,
  );
}

/** Deletes a run's topics, so repeated runs find the broker as the first one did. */
async function deleteTopics(brokers: string[], topics: IngestTopicNames): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'bench-cleanup', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({
      topics: [...Object.values(topics.raw), topics.plantEvents, topics.deadLetters],
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Ingest alone: the backlog is on the raw topic before ingest starts, and its output is
 * counted from the plant-events topic's end offsets, so no reader or producer shares the
 * process while it drains. The rate is taken from the first plant event to the last,
 * which leaves out the consumer group join.
 */
async function drainBacklog(brokers: string[], values: Buffer[]): Promise<number> {
  const run = `bench-drain-${Date.now()}`;
  const topics: IngestTopicNames = {
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
  const bus: EventBus = new KafkaEventBus({ brokers, clientId: run, logger: log });
  const store = SqliteDocumentStore.open(':memory:');
  const batchSize = Number(
    process.env['BENCH_INGEST_BATCH_SIZE'] ?? ingestConfigSchema.parse({}).INGEST_BATCH_SIZE,
  );
  const runtime = await IngestRuntime.create({
    bus,
    store,
    log,
    metrics: new Metrics({}, false),
    topics,
    config: {
      ...ingestConfigSchema.parse({}),
      INGEST_SITE_CODES_DIR: SITE_CODES,
      INGEST_GROUP_ID: `${run}-ingest`,
      INGEST_PARTITIONS_CONCURRENCY: TOPIC_SPECS[Topics.RawMes].partitions,
      INGEST_BATCH_SIZE: batchSize,
    },
  });
  await bus.ensureTopics(runtime.topics.specs());
  const key = (i: number) => `${LINES[i % LINES.length]?.[0]}/${LINES[i % LINES.length]?.[1]}`;
  for (let i = 0; i < values.length; i += 500) {
    await bus.publish(
      values.slice(i, i + 500).map((value, j) => ({
        topic: topics.raw.MES,
        key: key(i + j),
        value,
        headers: { [HeaderNames.ContentType]: ContentTypes.Json },
      })),
    );
  }
  const admin = new Kafka({ brokers, clientId: `${run}-admin`, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const produced = async (): Promise<number> => {
    const offsets = await admin.fetchTopicOffsets(topics.plantEvents).catch(() => []);
    return offsets.reduce((sum, o) => sum + Number(o.high), 0);
  };
  // Polled while start() runs: start() also joins the dead-letter archiver's group, which
  // can take longer than the whole drain, and the rate must see the first plant event.
  let startError: unknown;
  const starting = runtime.start().catch((err: unknown) => {
    startError = err;
  });
  let first: { at: number; count: number } | undefined;
  let last = { at: performance.now(), count: 0 };
  for (;;) {
    if (startError) throw startError;
    const count = await produced();
    const at = performance.now();
    if (count > 0 && first === undefined) first = { at, count };
    if (count !== last.count) last = { at, count };
    if (count >= values.length) break;
    if (at - last.at > 60_000) throw new Error(`ingest stalled at ${count} of ${values.length} plant events`);
    await new Promise((r) => setTimeout(r, 25));
  }
  await starting;
  if (!first || last.at <= first.at)
    throw new Error(
      `the drain finished between two polls (${last.count} plant events): no rate can be taken; use more BENCH_EVENTS`,
    );
  const rate = ((last.count - first.count) / (last.at - first.at)) * 1_000;
  console.log(
    `${`ingest alone draining a backlog of ${values.length}, batches of ${batchSize} (output counted by topic offsets)`.padEnd(70)} ${Math.round(rate).toString().padStart(9)} events/s`,
  );
  await admin.disconnect();
  await runtime.stop();
  await bus.close();
  await store.close();
  await deleteTopics(brokers, topics);
  return rate;
}

async function inProcessPipeline(values: Uint8Array[], batchSize: number): Promise<number> {
  const bus = new InProcessEventBus({ logger: log, maxRecordsPerPartition: N * 2 });
  const store = SqliteDocumentStore.open(':memory:');
  const runtime = await IngestRuntime.create({
    bus,
    store,
    log,
    metrics: new Metrics({}, false),
    config: { ...ingestConfigSchema.parse({}), INGEST_SITE_CODES_DIR: SITE_CODES },
  });
  await bus.ensureTopics(runtime.topics.specs());
  const input = (value: Uint8Array, i: number) => ({
    value,
    headers: { [HeaderNames.ContentType]: ContentTypes.Json },
    key: null,
    origin: {
      kind: 'kafka' as const,
      topic: Topics.RawMes,
      partition: 0,
      offset: String(i),
      groupId: 'bench',
      timestamp: Date.now(),
    },
  });
  const feed = async (batch: Uint8Array[]) => {
    if (batchSize === 1) {
      for (const [i, value] of batch.entries()) await runtime.pipeline.process(input(value, i));
      return;
    }
    for (let i = 0; i < batch.length; i += batchSize) {
      await runtime.pipeline.processBatch(
        batch.slice(i, i + batchSize).map((value, j) => input(value, i + j)),
        () => {
          throw new Error('the bench feeds valid events only');
        },
      );
    }
  };
  // Warm-up on the second half (its ids are then deduped-free for the measured first half).
  const half = Math.floor(values.length / 2);
  await feed(values.slice(half));
  const start = performance.now();
  await feed(values.slice(0, half));
  const elapsed = performance.now() - start;
  await bus.close();
  await store.close();
  return (half / elapsed) * 1_000;
}

async function throughKafka(brokers: string[], values: Buffer[]): Promise<void> {
  const run = `bench-${Date.now()}`;
  const topics: IngestTopicNames = {
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
  const bus: EventBus = new KafkaEventBus({
    brokers,
    clientId: run,
    logger: log,
    lingerMs: Number(process.env['BENCH_LINGER_MS'] ?? 0),
  });
  const store = SqliteDocumentStore.open(':memory:');
  const runtime = await IngestRuntime.create({
    bus,
    store,
    log,
    metrics: new Metrics({}, false),
    topics,
    config: {
      ...ingestConfigSchema.parse({}),
      INGEST_SITE_CODES_DIR: SITE_CODES,
      INGEST_GROUP_ID: `${run}-ingest`,
      INGEST_PARTITIONS_CONCURRENCY: TOPIC_SPECS[Topics.RawMes].partitions,
    },
  });
  await runtime.start();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  const reader = await bus.subscribe({
    groupId: `${run}-reader`,
    topics: [topics.plantEvents],
    handler: async (_value, ctx) => {
      received += 1;
      const sent = sentAt.get(ctx.headers[IngestHeaders.SourceEventId] ?? '');
      if (sent !== undefined) latencies.push(performance.now() - sent);
    },
  });
  const key = (i: number) => `${LINES[i % LINES.length]?.[0]}/${LINES[i % LINES.length]?.[1]}`;
  const waitFor = async (count: number) => {
    while (received < count) await new Promise((r) => setTimeout(r, 20));
  };

  // Throughput: the whole backlog published first, then drained.
  const start = performance.now();
  for (let i = 0; i < values.length; i += 500) {
    await bus.publish(
      values.slice(i, i + 500).map((value, j) => ({
        topic: topics.raw.MES,
        key: key(i + j),
        value,
        headers: { [HeaderNames.ContentType]: ContentTypes.Json },
      })),
    );
  }
  await waitFor(values.length);
  const throughput = (values.length / (performance.now() - start)) * 1_000;

  // Latency at a paced rate (default 2k events/s; fresh source ids so nothing is deduped).
  const pacedRate = Number(process.env['BENCH_PACED_RATE'] ?? 2_000);
  const perTick = Math.max(1, Math.round(pacedRate / 100));
  const paced = Math.min(10_000, pacedRate * 5);
  for (let i = 0; i < paced; i += perTick) {
    const tickStart = performance.now();
    const batch = Array.from({ length: perTick }, (_, j) => {
      const e = rawEvent(i + j, Date.now());
      e['sourceEventId'] = `paced-${i + j}`;
      sentAt.set(`paced-${i + j}`, performance.now());
      return {
        topic: topics.raw.MES,
        key: key(i + j),
        value: Buffer.from(JSON.stringify(e)),
        headers: { [HeaderNames.ContentType]: ContentTypes.Json },
      };
    });
    await bus.publish(batch);
    const wait = 10 - (performance.now() - tickStart);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await waitFor(values.length + paced);
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
  console.log(
    `${'through Kafka end to end (publish backlog -> plant events read)'.padEnd(70)} ${Math.round(throughput).toString().padStart(9)} events/s`,
  );
  console.log(
    `latency raw publish -> plant event read at ${pacedRate} events/s: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (n=${latencies.length})`,
  );
  await reader.close();
  await runtime.stop();
  await bus.close();
  await store.close();
  await deleteTopics(brokers, topics);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
