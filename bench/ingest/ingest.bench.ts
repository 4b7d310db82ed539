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
import { InProcessEventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, Topics } from '@andon/contracts';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import {
  createIngestContext,
  decodeInput,
  ingestConfigSchema,
  IngestPipeline,
  IngestTopics,
  normaliseEvent,
  SiteCodeRegistry,
} from '@andon/service-ingest/bench';
import { drainRuns, throughKafka } from './ingest-kafka-runs';
import { protobufOf, rawEvent } from './ingest-scenarios';

const N = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const KAFKA_N = Number(process.env['BENCH_KAFKA_EVENTS'] ?? 5_000);
const SITE_CODES = join(__dirname, '..', '..', 'config', 'site-codes');
const log = createLogger('ingest-bench', process.env['BENCH_LOG_LEVEL'] ?? 'silent');

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
  const kafka = { brokers, log, siteCodes: SITE_CODES };
  if (!parts.has('inprocess')) {
    if (brokers.length > 0 && parts.has('kafka')) await throughKafka(kafka, jsonValues.slice(0, KAFKA_N));
    if (brokers.length > 0 && parts.has('drain')) await drainRuns(kafka, jsonValues);
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

  if (brokers.length > 0 && parts.has('kafka')) await throughKafka(kafka, jsonValues.slice(0, KAFKA_N));
  if (brokers.length > 0 && parts.has('drain')) await drainRuns(kafka, jsonValues);
}

async function inProcessPipeline(values: Uint8Array[], batchSize: number): Promise<number> {
  const bus = new InProcessEventBus({ logger: log, maxRecordsPerPartition: N * 2 });
  const store = SqliteDocumentStore.open(':memory:');
  // The module without its raw-topic consumers: the bench feeds the pipeline directly.
  const ingest = await createIngestContext({
    bus,
    store,
    log,
    metrics: new Metrics({}, false),
    config: { ...ingestConfigSchema.parse({}), INGEST_SITE_CODES_DIR: SITE_CODES },
    consume: false,
  });
  const pipeline = ingest.get(IngestPipeline);
  await bus.ensureTopics(ingest.get(IngestTopics).specs());
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
      for (const [i, value] of batch.entries()) await pipeline.process(input(value, i));
      return;
    }
    for (let i = 0; i < batch.length; i += batchSize) {
      await pipeline.processBatch(
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
  await ingest.close();
  await bus.close();
  await store.close();
  return (half / elapsed) * 1_000;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
