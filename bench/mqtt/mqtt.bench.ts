/**
 * Plant protocols throughput. Run from the repository root:
 *
 *   npm run bench:mqtt                                                     # in-process only
 *   MQTT_URL=mqtt://127.0.0.1:<port> KAFKA_BROKERS=127.0.0.1:<port> npm run bench:mqtt   # + through Mosquitto and Kafka
 *
 * In-process: Sparkplug B DDATA (10 metrics by alias, after a birth) decoded with
 * sparkplug-payload, session-checked, mapped and normalised, in metrics/s; baseline in
 * the same run: the same number of ingest raw JSON events (what the JSON path gets)
 * through decode + validate + normalise. End to end (MQTT_URL and KAFKA_BROKERS): UNS JSON
 * messages published at QoS 1 to a real Mosquitto, the MQTT source, the pipeline, a real
 * Kafka plant-events topic read back by a consumer: messages/s flat out, and the p99 of
 * (plant event read) - (message published) at a paced rate (BENCH_RATE, default 1000/s).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { connectAsync } from 'mqtt';
import { get as sparkplugPayloads } from 'sparkplug-payload';
import { KafkaEventBus } from '@andon/bus';
import { ContentTypes, HeaderNames } from '@andon/contracts';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import {
  createIngestContext,
  createMqttSource,
  decodeInput,
  ingestConfigSchema,
  IngestTopics,
  type IngestTopicNames,
  mqttSourceConfigSchema,
  normaliseEvent,
  ProtocolMaps,
  protocolMapSchema,
  SiteCodeRegistry,
  sourcePortsOf,
  SparkplugSessions,
  translateSparkplug,
} from '@andon/service-ingest/bench';
import { percentile } from '../bench-stats';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 5_000);
const METRICS_PER_MESSAGE = 10;
const E2E_N = Number(process.env['BENCH_E2E_MESSAGES'] ?? 5_000);
const RATE = Number(process.env['BENCH_RATE'] ?? 1_000);
const PACED_SECONDS = Number(process.env['BENCH_PACED_SECONDS'] ?? 10);
const SITE_CODES = join(__dirname, '..', '..', 'config', 'site-codes');
const log = createLogger('mqtt-bench', process.env['BENCH_LOG_LEVEL'] ?? 'silent');
const found = sparkplugPayloads('spBv1.0');
if (found === null) throw new Error('no spBv1.0 codec');
const codec = found;
const METRIC_NAMES = Array.from({ length: METRICS_PER_MESSAGE }, (_, k) => `Sensor/${k}`);
const run = `mqtt-bench-${Date.now()}`;
const UNS_PREFIX = `${run}/plant-a/molding/line-1/a-l1-c1/press-1`;

const maps = new ProtocolMaps([
  protocolMapSchema.parse({
    site: 'plant-a',
    version: 1,
    sparkplug: [
      {
        group: 'g',
        node: 'n',
        device: 'd',
        line: 'line-1',
        machine: 'a-l1-m1',
        metrics: Object.fromEntries(
          METRIC_NAMES.map((m) => [m, { event: 'historian_reading', tag: m, unit: 'degF' }]),
        ),
      },
    ],
    uns: [
      {
        topic: UNS_PREFIX,
        line: 'line-1',
        machine: 'a-l1-m1',
        metrics: { temperature: { event: 'historian_reading', tag: 't', unit: 'degF' } },
      },
    ],
  }),
]);

function sparkplugMessages(now: number): { birth: Uint8Array[]; data: Uint8Array[] } {
  const birth = [
    codec.encodePayload({ timestamp: now, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }] }),
    codec.encodePayload({
      timestamp: now,
      seq: 1,
      metrics: METRIC_NAMES.map((name, alias) => ({ name, alias, type: 'Double', value: 0 })),
    }),
  ];
  const data = Array.from({ length: MESSAGES }, (_, i) =>
    codec.encodePayload({
      timestamp: now + i,
      seq: (i + 2) % 256,
      metrics: METRIC_NAMES.map((_, alias) => ({
        alias,
        type: 'Double',
        value: 100 + ((i + alias) % 50),
        timestamp: now + i,
      })),
    }),
  );
  return { birth, data };
}

function inProcess(): void {
  const now = Date.now() - 60_000;
  const codes = SiteCodeRegistry.load(SITE_CODES, { refreshMs: 0 });
  const normalise = (bytes: Uint8Array): void => {
    const raw = decodeInput(
      bytes,
      { [HeaderNames.ContentType]: ContentTypes.Json },
      { maxBytes: 1 << 20, defaultSource: undefined },
    );
    normaliseEvent(raw, {
      codeMap: (site) => codes.get(site),
      defaultEnterprise: 'acme',
      maxSkewMs: 86_400_000,
      receivedAt: new Date(),
      ingestedAt: new Date(),
    });
  };
  const { birth, data } = sparkplugMessages(now);
  // Baseline: the JSON raw events the Sparkplug path produces, handed to the JSON path directly.
  const sessions0 = new SparkplugSessions();
  translateSparkplug('spBv1.0/g/NBIRTH/n', birth[0] ?? new Uint8Array(), maps, sessions0);
  translateSparkplug('spBv1.0/g/DBIRTH/n/d', birth[1] ?? new Uint8Array(), maps, sessions0);
  const jsonInputs = data.flatMap((p) =>
    translateSparkplug('spBv1.0/g/DDATA/n/d', p, maps, sessions0).units.map((u) =>
      Buffer.from(JSON.stringify(u.event)),
    ),
  );
  const rounds: Array<{ json: number; spb: number }> = [];
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    for (const bytes of jsonInputs) normalise(bytes);
    const json = jsonInputs.length / ((performance.now() - t) / 1000);
    const sessions = new SparkplugSessions();
    t = performance.now();
    translateSparkplug('spBv1.0/g/NBIRTH/n', birth[0] ?? new Uint8Array(), maps, sessions);
    translateSparkplug('spBv1.0/g/DBIRTH/n/d', birth[1] ?? new Uint8Array(), maps, sessions);
    let metrics = 0;
    for (const p of data) {
      for (const unit of translateSparkplug('spBv1.0/g/DDATA/n/d', p, maps, sessions).units) {
        normalise(Buffer.from(JSON.stringify(unit.event)));
        metrics += 1;
      }
    }
    const spb = metrics / ((performance.now() - t) / 1000);
    rounds.push({ json, spb });
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const json = median(rounds.map((r) => r.json));
  const spb = median(rounds.map((r) => r.spb));
  console.log(`in-process, ${MESSAGES} Sparkplug DDATA x ${METRICS_PER_MESSAGE} metrics (median of 3):`);
  console.log(`  baseline JSON raw events decode+validate+normalise: ${Math.round(json)} events/s`);
  console.log(
    `  Sparkplug decode+session+map+normalise:            ${Math.round(spb)} metrics/s  (ratio ${(spb / json).toFixed(2)})`,
  );
}

const p = percentile;

async function endToEnd(mqttUrl: string, brokers: string[]): Promise<void> {
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
  const bus = new KafkaEventBus({ brokers, clientId: run, logger: log });
  const store = SqliteDocumentStore.open(':memory:');
  // Ingest's module without its raw-topic consumers: the source feeds its pipeline directly.
  const ingest = await createIngestContext({
    bus,
    store,
    log,
    metrics: new Metrics({}, false),
    topics,
    config: {
      ...ingestConfigSchema.parse({}),
      INGEST_SITE_CODES_DIR: SITE_CODES,
      INGEST_GROUP_ID: `${run}-ingest`,
    },
    consume: false,
  });
  await bus.ensureTopics(ingest.get(IngestTopics).specs());
  const source = await createMqttSource(
    sourcePortsOf(ingest),
    mqttSourceConfigSchema.parse({
      INGEST_MQTT_URL: mqttUrl,
      INGEST_MQTT_CLIENT_ID: run,
      INGEST_MQTT_HOST_ID: run,
    }),
    { maps },
  );
  // How many messages each pipeline batch carried: the broker's in-flight window caps it.
  const batchSizes: number[] = [];
  const batchMs: number[] = [];
  // Of which waiting for Kafka: the bus publish of each batch (acks from the broker).
  const publishMs: number[] = [];
  const publishFrom: number[] = [];
  const publish = bus.publish.bind(bus);
  bus.publish = async (messages) => {
    const t = performance.now();
    try {
      return await publish(messages);
    } finally {
      publishMs.push(performance.now() - t);
    }
  };
  const handleBatch = source.handleBatch.bind(source);
  source.handleBatch = async (batch) => {
    publishFrom[batchSizes.length] = publishMs.length;
    batchSizes.push(batch.length);
    const t = performance.now();
    await handleBatch(batch);
    batchMs.push(performance.now() - t);
  };
  const batchSummary = (from: number): string => {
    const xs = batchSizes.slice(from);
    const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const ms = batchMs.slice(from);
    const busy = ms.reduce((a, b) => a + b, 0);
    const kafkaMs = publishMs.slice(publishFrom[from] ?? 0).reduce((a, b) => a + b, 0);
    return `${xs.length} batches, mean ${mean.toFixed(1)}, max ${Math.max(0, ...xs)} messages, ${(busy / Math.max(1, xs.length)).toFixed(0)} ms each, ${(busy / 1000).toFixed(1)} s in batches of which ${(kafkaMs / 1000).toFixed(1)} s Kafka publish`;
  };
  await source.start();
  const kafka = new Kafka({ brokers, clientId: `${run}-reader`, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${run}-reader`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.plantEvents, fromBeginning: true });
  const arrivals = new Map<string, number>();
  await consumer.run({
    eachMessage: async ({ message }) =>
      void arrivals.set(
        String(message.headers?.['andon-source-event-id'] ?? ''),
        performance.timeOrigin + performance.now(),
      ),
  });
  // The plant publishes from its own process (BENCH_PLANT_IN_PROCESS=1: from this one, as the first version did).
  const inProcessPlant = process.env['BENCH_PLANT_IN_PROCESS'] === '1';
  const publisher = inProcessPlant ? await connectAsync(mqttUrl, { clientId: `${run}-pub` }) : undefined;
  const plant = inProcessPlant ? undefined : await startPlant(mqttUrl);
  const topic = `${UNS_PREFIX}/temperature`;
  const waitAll = async (ids: string[], timeoutMs: number): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while (ids.some((id) => !arrivals.has(id))) {
      if (Date.now() > until)
        throw new Error(`${ids.filter((id) => !arrivals.has(id)).length} plant events missing`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // Warm-up (topic metadata, consumer assignment), not measured.
  const warm = Date.now() - 1_000;
  if (plant) await plant.send({ kind: 'flat', topic, base: warm, count: 1 });
  else await publisher?.publishAsync(topic, JSON.stringify({ value: 1, timestamp_ms: warm }), { qos: 1 });
  await waitAll([`uns/${topic}@${warm}`], 60_000);

  // Baseline in the same run: the bus alone, the same count in batches of the source's size
  // (Kafka produce, acks=all, idempotent), onto a topic nobody reads; what this Kafka gives now.
  const sample = Buffer.alloc(400, 7);
  const tBus = performance.now();
  for (let i = 0; i < E2E_N; i += 500) {
    const n = Math.min(500, E2E_N - i);
    await bus.publish(
      Array.from({ length: n }, () => ({ topic: topics.raw.CMMS, key: 'plant-a/line-1', value: sample })),
    );
  }
  const busOnly = E2E_N / ((performance.now() - tBus) / 1000);
  console.log(
    `baseline: bus publish alone, ${E2E_N} records of 400 bytes in batches of 500: ${Math.round(busOnly)} records/s`,
  );

  // Flat out: publish E2E_N messages at QoS 1 (pipelined), time until all are on the plant-events topic.
  const base = Date.now() - 10 * 60_000;
  const ids = Array.from({ length: E2E_N }, (_, i) => `uns/${topic}@${base + i}`);
  const flatFrom = batchSizes.length;
  const t0 = performance.now();
  if (plant) void plant.send({ kind: 'flat', topic, base, count: E2E_N });
  else
    await Promise.all(
      ids.map((_, i) =>
        publisher?.publishAsync(topic, JSON.stringify({ value: 60 + (i % 40), timestamp_ms: base + i }), {
          qos: 1,
        }),
      ),
    );
  await waitAll(ids, 300_000);
  const flat = E2E_N / ((performance.now() - t0) / 1000);
  console.log(
    `end to end (Mosquitto -> MQTT source -> pipeline -> Kafka -> reader), ${E2E_N} UNS messages at QoS 1: ${Math.round(flat)} messages/s, ratio ${(flat / busOnly).toFixed(2)} to the bus alone (${batchSummary(flatFrom)})`,
  );
  const pacedFrom = batchSizes.length;

  // Paced: RATE messages/s for PACED_SECONDS; latency from publish call to the plant event read.
  const pacedBase = base + E2E_N + 1_000;
  const sentAt = new Map<string, number>();
  const total = RATE * PACED_SECONDS;
  const start = performance.now();
  if (plant) {
    const sent = await plant.send({ kind: 'paced', topic, base: pacedBase, count: total, rate: RATE });
    sent.forEach((at, i) => sentAt.set(`uns/${topic}@${pacedBase + i}`, at));
  } else {
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const id = `uns/${topic}@${pacedBase + i}`;
      sentAt.set(id, performance.timeOrigin + performance.now());
      void publisher?.publishAsync(topic, JSON.stringify({ value: 70, timestamp_ms: pacedBase + i }), {
        qos: 1,
      });
    }
  }
  await waitAll([...sentAt.keys()], 300_000);
  const latencies = [...sentAt.entries()].map(([id, at]) => (arrivals.get(id) ?? NaN) - at);
  const achieved = total / ((performance.now() - start) / 1000);
  console.log(
    `paced ${RATE}/s for ${PACED_SECONDS}s (achieved ${Math.round(achieved)}/s): p50 ${p(latencies, 0.5).toFixed(1)} ms, p99 ${p(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (${batchSummary(pacedFrom)})`,
  );

  await publisher?.endAsync();
  await plant?.stop();
  await consumer.disconnect();
  await source.stop();
  await ingest.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: [...Object.values(topics.raw), topics.plantEvents, topics.deadLetters] })
    .catch(() => undefined);
  await admin.disconnect();
  await bus.close();
  await store.close();
}

/** bench/mqtt/uns-plant.ts in a child process: publishes on command, answers with the publish times. */
async function startPlant(mqttUrl: string): Promise<{
  send(command: Record<string, unknown>): Promise<number[]>;
  stop(): Promise<void>;
}> {
  const child = fork(join(__dirname, 'uns-plant.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, MQTT_URL: mqttUrl },
  });
  const next = (): Promise<{ kind: string; sentAt?: number[] }> =>
    new Promise((resolve) => child.once('message', (m: { kind: string; sentAt?: number[] }) => resolve(m)));
  await next();
  return {
    send: async (command) => {
      const reply = next();
      child.send(command);
      return (await reply).sentAt ?? [];
    },
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ kind: 'stop' });
      await exited;
    },
  };
}

async function main(): Promise<void> {
  inProcess();
  const mqttUrl = process.env['MQTT_URL'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (mqttUrl && brokers) await endToEnd(mqttUrl, brokers.split(','));
  else console.log('(set MQTT_URL and KAFKA_BROKERS for the end-to-end part)');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
