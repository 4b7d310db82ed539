// The ingest bench's Kafka parts (KAFKA_BROKERS set): end to end with latency, and ingest
// alone draining a backlog. Each builds ingest's real module through Nest on its own topics.
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventBus, type EventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, TOPIC_SPECS, Topics } from '@andon/contracts';
import { Metrics, type Logger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import {
  createIngestContext,
  ingestConfigSchema,
  IngestHeaders,
  IngestTopics,
} from '@andon/service-ingest/bench';
import { deleteTopics, lineKey, rawEvent, runTopics } from './ingest-scenarios';

export interface KafkaRunSettings {
  brokers: string[];
  log: Logger;
  siteCodes: string;
}

/** The ingest module of one run: its own topics and consumer group, an in-memory store, the run's Kafka bus. */
function runIngestOptions(
  settings: KafkaRunSettings,
  run: string,
  bus: EventBus,
  topics: ReturnType<typeof runTopics>,
  config: Partial<ReturnType<typeof ingestConfigSchema.parse>> = {},
) {
  return {
    bus,
    store: SqliteDocumentStore.open(':memory:'),
    log: settings.log,
    metrics: new Metrics({}, false),
    topics,
    config: {
      ...ingestConfigSchema.parse({}),
      INGEST_SITE_CODES_DIR: settings.siteCodes,
      INGEST_GROUP_ID: `${run}-ingest`,
      INGEST_PARTITIONS_CONCURRENCY: TOPIC_SPECS[Topics.RawMes].partitions,
      ...config,
    },
  };
}

/**
 * BENCH_DRAIN_RUNS drains (default 3) of BENCH_DRAIN_EVENTS (default 50 000), each on
 * fresh topics deleted afterwards; every rate is printed, then the median.
 */
export async function drainRuns(run: KafkaRunSettings, jsonValues: Buffer[]): Promise<void> {
  const runs = Number(process.env['BENCH_DRAIN_RUNS'] ?? 3);
  const values = jsonValues.slice(0, Number(process.env['BENCH_DRAIN_EVENTS'] ?? 50_000));
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) rates.push(await drainBacklog(run, values));
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

/**
 * Ingest alone: the backlog is on the raw topic before ingest starts, and its output is
 * counted from the plant-events topic's end offsets, so no reader or producer shares the
 * process while it drains. The rate is taken from the first plant event to the last,
 * which leaves out the consumer group join.
 */
async function drainBacklog(settings: KafkaRunSettings, values: Buffer[]): Promise<number> {
  const { brokers, log } = settings;
  const run = `bench-drain-${Date.now()}`;
  const topics = runTopics(run);
  const bus: EventBus = new KafkaEventBus({ brokers, clientId: run, logger: log });
  const batchSize = Number(
    process.env['BENCH_INGEST_BATCH_SIZE'] ?? ingestConfigSchema.parse({}).INGEST_BATCH_SIZE,
  );
  const options = runIngestOptions(settings, run, bus, topics, { INGEST_BATCH_SIZE: batchSize });
  const { store } = options;
  await bus.ensureTopics(new IngestTopics(topics).specs());
  for (let i = 0; i < values.length; i += 500) {
    await bus.publish(
      values.slice(i, i + 500).map((value, j) => ({
        topic: topics.raw.MES,
        key: lineKey(i + j),
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
  // Polled while Nest builds and starts ingest's module: bootstrap also joins the
  // dead-letter archiver's group, which can take longer than the whole drain, and the rate
  // must see the first plant event.
  let startError: unknown;
  const starting = createIngestContext(options).catch((err: unknown) => {
    startError = err;
    return undefined;
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
  const ingest = await starting;
  if (!first || last.at <= first.at)
    throw new Error(
      `the drain finished between two polls (${last.count} plant events): no rate can be taken; use more BENCH_EVENTS`,
    );
  const rate = ((last.count - first.count) / (last.at - first.at)) * 1_000;
  console.log(
    `${`ingest alone draining a backlog of ${values.length}, batches of ${batchSize} (output counted by topic offsets)`.padEnd(70)} ${Math.round(rate).toString().padStart(9)} events/s`,
  );
  await admin.disconnect();
  await ingest?.close();
  await bus.close();
  await store.close();
  await deleteTopics(brokers, topics);
  return rate;
}

export async function throughKafka(settings: KafkaRunSettings, values: Buffer[]): Promise<void> {
  const { brokers, log } = settings;
  const run = `bench-${Date.now()}`;
  const topics = runTopics(run);
  const bus: EventBus = new KafkaEventBus({
    brokers,
    clientId: run,
    logger: log,
    lingerMs: Number(process.env['BENCH_LINGER_MS'] ?? 0),
  });
  const options = runIngestOptions(settings, run, bus, topics);
  const { store } = options;
  const ingest = await createIngestContext(options);
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
  const waitFor = async (count: number) => {
    while (received < count) await new Promise((r) => setTimeout(r, 20));
  };

  // Throughput: the whole backlog published first, then drained.
  const start = performance.now();
  for (let i = 0; i < values.length; i += 500) {
    await bus.publish(
      values.slice(i, i + 500).map((value, j) => ({
        topic: topics.raw.MES,
        key: lineKey(i + j),
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
        key: lineKey(i + j),
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
  await ingest.close();
  await bus.close();
  await store.close();
  await deleteTopics(brokers, topics);
}
