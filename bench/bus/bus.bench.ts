/**
 * The event bus adapters side by side in one run: the memory-only in-process bus (the
 * baseline), the durable SQLite bus (synchronous=NORMAL, the default, and FULL) and Kafka
 * when KAFKA_BROKERS is set:
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 node -r @swc-node/register bench/bus/bus.bench.ts
 *
 * 1. Throughput: BENCH_EVENTS (default 100 000) plant-event-sized records (600-byte value,
 *    8 headers, keyed by 8 lines over 12 partitions), published by BENCH_PUBLISHERS (4)
 *    concurrent publishers in publishes of BENCH_PUBLISH_BATCH (100) records, consumed at the
 *    same time by two groups (one batch handler, one per-record handler). Events/s = records
 *    / time until both groups have handled all of them (publish and consume overlapped).
 * 2. Added latency at a fixed rate: BENCH_RATE (2 000) events/s for BENCH_SECONDS (20) after
 *    BENCH_WARMUP_SECONDS (3), one publish call per event (as HTTP ingest publishes), from the
 *    publish call to the per-record handler of one group.
 * BENCH_ADAPTERS=memory,sqlite,kafka limits the run (prefixes of the names printed).
 * Everything runs in this one Node process, as in the standalone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  InProcessEventBus,
  KafkaEventBus,
  SqliteEventBus,
  type EventBus,
  type OutgoingMessage,
  type Subscription,
} from '@andon/bus';
import { createLogger } from '@andon/observability';
import { latencySummary } from '../bench-stats';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const PUBLISHERS = Number(process.env['BENCH_PUBLISHERS'] ?? 4);
const PUBLISH_BATCH = Number(process.env['BENCH_PUBLISH_BATCH'] ?? 100);
const RATE = Number(process.env['BENCH_RATE'] ?? 2_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const PARTITIONS = 12;
const TICK_MS = 10;
const log = createLogger('bus-bench', 'silent');

interface Adapter {
  name: string;
  open(run: string): EventBus;
  cleanup?(): void;
}

function value(i: number): Buffer {
  const bytes = Buffer.alloc(600, i % 251);
  bytes.writeUInt32BE(i, 0);
  return bytes;
}

type Body = Omit<OutgoingMessage, 'topic'>;

function body(i: number): Body {
  return {
    key: `plant-${i % 2 === 0 ? 'a' : 'b'}/line-${i % 8}`,
    value: value(i),
    headers: {
      'andon-event-id': `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      'andon-correlation-id': `corr-${i}`,
      'content-type': 'application/x-protobuf',
      'andon-event-type': 'production_count',
      'andon-site': 'plant-a',
      'andon-source-system': 'MES',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'andon-ingested-at': new Date(1_765_000_000_000 + i).toISOString(),
    },
  };
}

// Built once, so the load generator costs the same little for every adapter.
let bodies: Body[] = [];

function record(topic: string, i: number): OutgoingMessage {
  const b = bodies[i % bodies.length] ?? body(i);
  return { topic, key: b.key, value: i < bodies.length ? b.value : value(i), headers: b.headers };
}

const summary = (values: number[]) => latencySummary(values, 2);

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = performance.now();
  while (!done()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Consumers = 'none' | 'batch' | 'batch+record';

/** Events/s published and handled by every group (publishing and consuming overlap). */
async function throughput(bus: EventBus, run: string, consumers: Consumers): Promise<number> {
  const topic = `${run}-tp-${consumers.replace('+', '-')}`;
  await bus.ensureTopics([{ name: topic, partitions: PARTITIONS }]);
  let batched = 0;
  let single = 0;
  const subs: Subscription[] = [];
  if (consumers !== 'none') {
    subs.push(
      await bus.subscribe({
        groupId: `${topic}-batch`,
        topics: [topic],
        partitionsConsumedConcurrently: PARTITIONS,
        handler: async () => {
          batched += 1;
        },
        batchHandler: async (batch) => {
          batched += batch.length;
        },
      }),
    );
  }
  if (consumers === 'batch+record') {
    subs.push(
      await bus.subscribe({
        groupId: `${topic}-record`,
        topics: [topic],
        partitionsConsumedConcurrently: PARTITIONS,
        handler: async () => {
          single += 1;
        },
      }),
    );
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PUBLISHERS }, async () => {
      while (next < EVENTS) {
        const from = next;
        next = Math.min(EVENTS, next + PUBLISH_BATCH);
        await bus.publish(Array.from({ length: next - from }, (_, k) => record(topic, from + k)));
      }
    }),
  );
  const wanted = { none: [0, 0], batch: [EVENTS, 0], 'batch+record': [EVENTS, EVENTS] }[consumers];
  await waitUntil(
    () => batched >= (wanted[0] ?? 0) && single >= (wanted[1] ?? 0),
    600_000,
    `${consumers} groups`,
  );
  const seconds = (performance.now() - started) / 1_000;
  await Promise.all(subs.map((sub) => sub.close()));
  return Math.round(EVENTS / seconds);
}

async function latency(
  bus: EventBus,
  run: string,
): Promise<{ publish: ReturnType<typeof summary>; endToEnd: ReturnType<typeof summary> }> {
  const topic = `${run}-lat`;
  await bus.ensureTopics([{ name: topic, partitions: PARTITIONS }]);
  const sentAt = new Map<number, number>();
  const publishMs: number[] = [];
  const e2eMs: number[] = [];
  const measureFrom = WARMUP_SECONDS * RATE;
  const sub = await bus.subscribe({
    groupId: `${run}-lat`,
    topics: [topic],
    partitionsConsumedConcurrently: PARTITIONS,
    handler: async (v) => {
      const i = Buffer.from(v).readUInt32BE(0);
      const at = sentAt.get(i);
      if (at !== undefined && i >= measureFrom) e2eMs.push(performance.now() - at);
      sentAt.delete(i);
    },
  });
  const total = (WARMUP_SECONDS + SECONDS) * RATE;
  const perTick = (RATE * TICK_MS) / 1_000;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * RATE) + perTick);
    for (; i < due; i++) {
      const n = i;
      const at = performance.now();
      sentAt.set(n, at);
      pending.push(
        bus.publish([record(topic, n)]).then(() => {
          if (n >= measureFrom) publishMs.push(performance.now() - at);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  await waitUntil(() => e2eMs.length >= total - measureFrom, 120_000, 'latency records');
  await sub.close();
  return { publish: summary(publishMs), endToEnd: summary(e2eMs) };
}

async function main(): Promise<void> {
  bodies = Array.from({ length: EVENTS }, (_, i) => body(i));
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-bus-'));
  const brokers = (process.env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const adapters: Adapter[] = [
    {
      name: 'memory (baseline)',
      open: () => new InProcessEventBus({ logger: log, maxRecordsPerPartition: EVENTS * 2 }),
    },
    {
      name: 'sqlite normal',
      open: (run) =>
        new SqliteEventBus({ file: join(dir, `${run}.sqlite`), logger: log, retentionIntervalMs: 0 }),
    },
    {
      name: 'sqlite full',
      open: (run) =>
        new SqliteEventBus({
          file: join(dir, `${run}.sqlite`),
          logger: log,
          retentionIntervalMs: 0,
          synchronous: 'full',
        }),
    },
  ];
  if (brokers.length > 0) {
    adapters.push({
      name: 'kafka',
      open: (run) =>
        new KafkaEventBus({
          brokers,
          clientId: run,
          logger: log,
          consumer: { heartbeatIntervalMs: 500, sessionTimeoutMs: 10_000 },
        }),
    });
  }
  const only = (process.env['BENCH_ADAPTERS'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (only.length > 0)
    adapters.splice(0, adapters.length, ...adapters.filter((a) => only.some((o) => a.name.startsWith(o))));
  process.stdout.write(
    `bus bench: ${EVENTS} events, ${PUBLISHERS} publishers x ${PUBLISH_BATCH}/publish, ${PARTITIONS} partitions; latency at ${RATE}/s for ${SECONDS}s (${WARMUP_SECONDS}s warm-up)\n`,
  );
  const rows: Array<{
    name: string;
    tput: Record<Consumers, number>;
    lat: Awaited<ReturnType<typeof latency>>;
  }> = [];
  try {
    for (const adapter of adapters) {
      const run = `bench-bus-${adapter.name.split(' ')[0]}-${adapter.name.includes('full') ? 'full' : 'n'}-${Date.now()}`;
      const bus = adapter.open(run);
      try {
        const tput: Record<Consumers, number> = { none: 0, batch: 0, 'batch+record': 0 };
        for (const consumers of ['none', 'batch', 'batch+record'] as const)
          tput[consumers] = await throughput(bus, run, consumers);
        const lat = await latency(bus, run);
        rows.push({ name: adapter.name, tput, lat });
        process.stdout.write(
          `${adapter.name.padEnd(18)} ${JSON.stringify({ eventsPerSecond: tput, latencyMs: lat })}\n`,
        );
      } finally {
        await bus.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0];
  if (!base) return;
  const cell = (value: number, width: number): string => String(value).padStart(width);
  const ratio = (value: number, of: number): string => `(${(value / of).toFixed(2)})`.padStart(7);
  process.stdout.write(
    '\nevents/s (x first row)   publish only          + 1 batch group       + batch & per-record   | at 2000/s: publish p99  added p50  added p99 ms (x first row)\n',
  );
  for (const r of rows) {
    const t = r.tput;
    const b = base.tput;
    process.stdout.write(
      `${r.name.padEnd(22)} ${cell(t.none, 8)} ${ratio(t.none, b.none)}    ${cell(t.batch, 8)} ${ratio(t.batch, b.batch)}    ${cell(t['batch+record'], 8)} ${ratio(t['batch+record'], b['batch+record'])}   | ${cell(r.lat.publish.p99, 12)} ${cell(r.lat.endToEnd.p50, 10)} ${cell(r.lat.endToEnd.p99, 10)} ${ratio(r.lat.endToEnd.p99, base.lat.endToEnd.p99)}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
