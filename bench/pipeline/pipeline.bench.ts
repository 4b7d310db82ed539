/**
 * End-to-end latency: raw JSON event on Kafka -> ingest -> quality agent (deterministic
 * engine, no LLM provider) -> proposed action on Kafka. Needs a real broker:
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 node -r @swc-node/register bench/pipeline/pipeline.bench.ts
 *   BENCH_BUS=sqlite node -r @swc-node/register bench/pipeline/pipeline.bench.ts   (the standalone's durable embedded bus; `memory` for the memory-only one)
 *   BENCH_TRACING=compare OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 KAFKA_BROKERS=... (tracing overhead, below)
 *
 * Load: BENCH_RATE raw events/s (default 1000) for BENCH_SECONDS (default 30) after
 * BENCH_WARMUP_SECONDS (default 5), mostly production counts and historian readings,
 * with one nonconformance every BENCH_NCR_EVERY events (default 100, so 10 NCRs/s). For
 * each NCR: publish of its raw event -> first proposed action carrying its correlation id.
 * Baseline, same run and same messages: raw publish -> a bare consumer of the raw topics.
 * Everything (load, ingest, agent, readers) shares this one Node process; see docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEventBus, type EventBus, type Subscription } from '@andon/bus';
import { HeaderNames } from '@andon/contracts';
import { loadLlmSettings } from '@andon/llm';
import { Metrics, createLogger, resetTracingForTests, tracingRequested } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import {
  DEFAULT_TOPIC_NAMES,
  IngestHeaders,
  IngestModule,
  ingestConfigSchema,
  type IngestTopicNames,
} from '@andon/service-ingest';
import { NestFactory } from '@nestjs/core';
import {
  DEFAULT_AGENT_TOPICS,
  QualityAgentModule,
  qualityAgentConfigSchema,
  type AgentTopicNames,
} from '@andon/service-quality-agent';
import { latencySummary } from '../bench-stats';
import { rawMessage } from './raw-messages';

const RATE = Number(process.env['BENCH_RATE'] ?? 1_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 5);
const NCR_EVERY = Number(process.env['BENCH_NCR_EVERY'] ?? 100);
const TICK_MS = 10;
const DRAIN_TIMEOUT_MS = Number(process.env['BENCH_DRAIN_SECONDS'] ?? 60) * 1_000;
const SITE_CODES = join(__dirname, '..', '..', 'config', 'site-codes');

interface Sample {
  sentAt: number;
  ncr: boolean;
  measured: boolean;
}

/** BENCH_INGEST_CONCURRENCY overrides INGEST_PARTITIONS_CONCURRENCY (raw partitions handled at once). */
function ingestConcurrency(): { INGEST_PARTITIONS_CONCURRENCY?: number } {
  const value = Number(process.env['BENCH_INGEST_CONCURRENCY'] ?? '');
  return Number.isInteger(value) && value > 0 ? { INGEST_PARTITIONS_CONCURRENCY: value } : {};
}

const summary = (values: number[]) => latencySummary(values, 1);

type PhaseResult = { tracing: string; pipeline: ReturnType<typeof summary> & { missing: number } } & Record<
  string,
  unknown
>;

function embeddedBus(): 'sqlite' | 'memory' | undefined {
  const value = process.env['BENCH_BUS'];
  return value === 'sqlite' || value === 'memory' ? value : undefined;
}

async function runPhase(brokers: string[], tracing: 'off' | 'otlp'): Promise<PhaseResult> {
  const run = `bench-pipeline-${tracing}-${Date.now()}`;
  const log = createLogger('pipeline-bench', 'silent');
  const metrics = new Metrics({}, false);
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-pipeline-'));
  // The services share one bus and one store, as in services/standalone; the load side has its own client.
  // BENCH_BUS=sqlite|memory: the standalone's embedded bus instead of Kafka (one process, so the load shares it).
  const embedded = embeddedBus();
  const bus = createEventBus(
    {
      KAFKA_BROKERS: embedded ? [] : brokers,
      KAFKA_CLIENT_ID: `${run}-services`,
      BUS_EMBEDDED: embedded,
      ANDON_DATA_DIR: dir,
    },
    { logger: log },
  );
  const loadBus: EventBus = embedded
    ? bus
    : createEventBus({ KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: `${run}-load` }, { logger: log });
  const store = SqliteDocumentStore.open(join(dir, 'andon.sqlite'));
  // Catalogue names under a per-run prefix: a new consumer group reads from the start, so
  // on the catalogue names a rerun would first drain every earlier run's backlog.
  const prefixed = (name: string) => `${run}.${name}`;
  const ingestTopics: IngestTopicNames = {
    raw: {
      MES: prefixed(DEFAULT_TOPIC_NAMES.raw.MES),
      ERP: prefixed(DEFAULT_TOPIC_NAMES.raw.ERP),
      HISTORIAN: prefixed(DEFAULT_TOPIC_NAMES.raw.HISTORIAN),
      QMS: prefixed(DEFAULT_TOPIC_NAMES.raw.QMS),
      CMMS: prefixed(DEFAULT_TOPIC_NAMES.raw.CMMS),
    },
    plantEvents: prefixed(DEFAULT_TOPIC_NAMES.plantEvents),
    deadLetters: prefixed(DEFAULT_TOPIC_NAMES.deadLetters),
  };
  const agentTopics: AgentTopicNames = {
    plantEvents: ingestTopics.plantEvents,
    actionsProposed: prefixed(DEFAULT_AGENT_TOPICS.actionsProposed),
    recommendations: prefixed(DEFAULT_AGENT_TOPICS.recommendations),
    llmCalls: prefixed(DEFAULT_AGENT_TOPICS.llmCalls),
    deadLetters: ingestTopics.deadLetters,
    actionsDecided: prefixed(DEFAULT_AGENT_TOPICS.actionsDecided),
    documentsPublished: prefixed(DEFAULT_AGENT_TOPICS.documentsPublished),
  };
  const subscriptions: Subscription[] = [];
  try {
    // Ingest's module as its process runs it (consumers join at bootstrap).
    const ingest = await NestFactory.createApplicationContext(
      IngestModule.forRoot({
        bus,
        store,
        log,
        metrics,
        topics: ingestTopics,
        config: {
          ...ingestConfigSchema.parse({}),
          INGEST_SITE_CODES_DIR: SITE_CODES,
          INGEST_GROUP_ID: `${run}-ingest`,
          ...ingestConcurrency(),
        },
      }),
      { logger: false },
    );
    // The agent's module as its process runs it (consumers join at bootstrap).
    const agent = await NestFactory.createApplicationContext(
      QualityAgentModule.forRoot({
        bus,
        store,
        log,
        metrics,
        config: { ...qualityAgentConfigSchema.parse({}), AGENT_GROUP_ID: `${run}-quality` },
        // No provider configured: the deterministic engine answers, whatever this shell exports.
        llmSettings: loadLlmSettings({}),
        topics: agentTopics,
      }),
      { logger: false },
    );

    const samples = new Map<string, Sample>();
    const pipeline: number[] = [];
    const bareAll: number[] = [];
    const bareNcr: number[] = [];
    const ingestAll: number[] = [];
    const ingestNcr: number[] = [];
    const answered = new Set<string>();
    subscriptions.push(
      await loadBus.subscribe({
        groupId: `${run}-actions-reader`,
        topics: [agentTopics.actionsProposed],
        handler: async (_value, ctx) => {
          const id = ctx.headers[HeaderNames.CorrelationId] ?? '';
          const sample = samples.get(id);
          // An NCR yields an investigation plus holds; its latency is to the first one.
          if (!sample || answered.has(id)) return;
          answered.add(id);
          if (sample.measured) pipeline.push(performance.now() - sample.sentAt);
        },
      }),
      await loadBus.subscribe({
        groupId: `${run}-bare-reader`,
        topics: [ingestTopics.raw.MES, ingestTopics.raw.HISTORIAN, ingestTopics.raw.QMS],
        handler: async (value) => {
          const now = performance.now();
          const id =
            (JSON.parse(Buffer.from(value).toString('utf8')) as { sourceEventId?: string }).sourceEventId ??
            '';
          const sample = samples.get(id);
          if (!sample?.measured) return;
          bareAll.push(now - sample.sentAt);
          if (sample.ncr) bareNcr.push(now - sample.sentAt);
        },
      }),
      // Splits the pipeline figure: how much of it is spent before the agent sees the event.
      await loadBus.subscribe({
        groupId: `${run}-plant-events-reader`,
        topics: [ingestTopics.plantEvents],
        handler: async (_value, ctx) => {
          const sample = samples.get(ctx.headers[IngestHeaders.SourceEventId] ?? '');
          if (!sample?.measured) return;
          ingestAll.push(performance.now() - sample.sentAt);
          if (sample.ncr) ingestNcr.push(performance.now() - sample.sentAt);
        },
      }),
    );

    const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1_000));
    const ticks = Math.round(((WARMUP_SECONDS + SECONDS) * 1_000) / TICK_MS);
    const warmupTicks = Math.round((WARMUP_SECONDS * 1_000) / TICK_MS);
    const publishes: Array<Promise<void>> = [];
    let publishErrors = 0;
    let measuredNcrs = 0;
    let measuredEvents = 0;
    let maxLagMs = 0;
    const start = performance.now();
    for (let t = 0; t < ticks; t++) {
      // Paced against the schedule, not the previous tick, so a slow tick is caught up.
      const due = start + t * TICK_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else maxLagMs = Math.max(maxLagMs, -wait);
      const batch = Array.from({ length: perTick }, (_, j) =>
        rawMessage(run, NCR_EVERY, ingestTopics.raw, t * perTick + j),
      );
      const sentAt = performance.now();
      for (const { id, ncr } of batch) {
        samples.set(id, { sentAt, ncr, measured: t >= warmupTicks });
        if (t < warmupTicks) continue;
        measuredEvents += 1;
        if (ncr) measuredNcrs += 1;
      }
      // Not awaited: the load keeps its rate even when an ack is slow.
      publishes.push(
        loadBus.publish(batch.map((b) => b.message)).catch(() => {
          publishErrors += 1;
        }),
      );
    }
    const loadSeconds = (performance.now() - start) / 1_000;
    await Promise.all(publishes);
    const drainStart = performance.now();
    while (
      (pipeline.length < measuredNcrs || ingestAll.length < measuredEvents) &&
      performance.now() - drainStart < DRAIN_TIMEOUT_MS
    )
      await new Promise((r) => setTimeout(r, 50));

    const result = {
      bench: 'pipeline',
      tracing,
      node: process.version,
      brokers: embeddedBus() ? [] : brokers,
      bus: embeddedBus() ?? 'kafka',
      topicPrefix: `${run}.`,
      load: {
        eventsPerSecond: RATE,
        seconds: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        achievedEventsPerSecond: Math.round((ticks * perTick) / loadSeconds),
        ncrEvery: NCR_EVERY,
        ingestPartitionsConcurrency:
          ingestConcurrency().INGEST_PARTITIONS_CONCURRENCY ??
          ingestConfigSchema.parse({}).INGEST_PARTITIONS_CONCURRENCY,
        publishErrors,
        maxSchedulerLagMs: Math.round(maxLagMs),
      },
      pipeline: {
        description: 'raw NCR publish -> first proposed action on <run>.andon.actions.proposed.v1',
        ...summary(pipeline),
        missing: measuredNcrs - pipeline.length,
      },
      baseline: {
        description: 'raw publish -> bare consumer of the raw topics, same messages, no processing',
        allEvents: summary(bareAll),
        ncrEvents: summary(bareNcr),
      },
      stages: {
        description: 'raw publish -> plant event read on <run>.andon.plant-events.v1 (ingest only)',
        allEvents: { ...summary(ingestAll), missing: measuredEvents - ingestAll.length },
        ncrEvents: summary(ingestNcr),
      },
      targets: { p50Ms: 30, p99Ms: 200 },
      met: {
        p50: summary(pipeline).p50 < 30,
        p99: summary(pipeline).p99 < 200,
        noneMissing: pipeline.length === measuredNcrs,
      },
    };
    await agent.close();
    await ingest.close();
    return result;
  } finally {
    for (const s of subscriptions) await s.close().catch(() => undefined);
    await loadBus.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BENCH_TRACING=compare (with OTEL_EXPORTER_OTLP_ENDPOINT, e.g. a Jaeger from
 * `npm run bench:server -- jaeger`): the same load three times in this process, tracing
 * off, on (every span exported over OTLP/HTTP), off again; prints each phase and the
 * overhead as the ratio of the traced phase to the mean of the two untraced ones.
 */
async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0 && !embeddedBus())
    throw new Error(
      'KAFKA_BROKERS is required (a real broker, e.g. 127.0.0.1:9092), or BENCH_BUS=sqlite|memory',
    );
  if (process.env['BENCH_TRACING'] !== 'compare') {
    console.log(JSON.stringify(await runPhase(brokers, tracingRequested() ? 'otlp' : 'off'), null, 2));
    return;
  }
  const endpoint = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!endpoint)
    throw new Error('BENCH_TRACING=compare needs OTEL_EXPORTER_OTLP_ENDPOINT (an OTLP/HTTP receiver)');
  const phases: PhaseResult[] = [];
  for (const traced of [false, true, false]) {
    // createEventBus starts tracing from the environment once per process: reset between phases.
    await resetTracingForTests();
    if (traced) process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
    else delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    phases.push(await runPhase(brokers, traced ? 'otlp' : 'off'));
  }
  await resetTracingForTests();
  const [offA, on, offB] = phases as [PhaseResult, PhaseResult, PhaseResult];
  const ratio = (key: 'p50' | 'p99') =>
    Math.round((on.pipeline[key] / ((offA.pipeline[key] + offB.pipeline[key]) / 2)) * 100) / 100;
  console.log(
    JSON.stringify(
      {
        phases,
        tracingOverhead: {
          description: 'pipeline latency traced / mean of the untraced phases before and after',
          p50: ratio('p50'),
          p99: ratio('p99'),
        },
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
