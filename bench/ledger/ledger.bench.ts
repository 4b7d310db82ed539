/**
 * Audit-ledger append and verify throughput on both document stores. Run from the
 * repository root:
 *
 *   node -r @swc-node/register bench/ledger/ledger.bench.ts
 *
 * The Mongo-wire rows use ANDON_TEST_MONGO_URI (a base URI, as the test harness sets it)
 * or MONGO_URI when set; otherwise the test harness's FerretDB is installed into its cache
 * and started on free ports (bench/servers/bench-server.ts) and stopped at the end. BENCH_LEDGER_ENTRIES (default 20000) and BENCH_LEDGER_MONGO_ENTRIES
 * (default 5000) size the runs; the lib's per-append path is measured on fewer entries
 * (BENCH_LEDGER_LIB_ENTRIES, default 2000 / a tenth of that on Mongo) because it slows
 * down as the chain grows.
 *
 * Baseline (same run, same bytes): bare sha256 (node crypto.hash) of exactly what the
 * chain hashes per entry: the canonical payload text and prevHash + canonical header.
 * Every row is reported as entries/s and as a ratio to that baseline.
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchServer } from '../servers/bench-server';
import { Decision, DecisionOutcome, ReauthMethod, SignatureMeaning, Topics } from '@andon/contracts';
import { Ledger, LEDGER_COLLECTION, verifyExport } from '@andon/governance/ledger';
import { MongoDocumentStore, SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import {
  canonicalHeader,
  ChainAppender,
  type ChainHead,
  type EntryFields,
  entryFor,
  LedgerRecorder,
  type NewEntry,
  type RangeVerification,
  sealEntry,
  SegmentWorkerPool,
  verifyRange,
  verifyRangeInParallel,
} from '@andon/service-audit-ledger/bench';

const N = Number(process.env['BENCH_LEDGER_ENTRIES'] ?? 20_000);
const MONGO_N = Number(process.env['BENCH_LEDGER_MONGO_ENTRIES'] ?? 5_000);
const LIB_N = Number(process.env['BENCH_LEDGER_LIB_ENTRIES'] ?? 2_000);

interface Row {
  store: string;
  operation: string;
  entries: number;
  seconds: number;
  target?: number;
}

/** A decided hold with two e-signatures, recorded the way the audit ledger records it. */
function decisionEntry(i: number): EntryFields {
  const at = new Date(Date.UTC(2026, 10, 24, 10, 0, i % 60));
  const decision = Decision.fromPartial({
    decisionId: `dec-${i}`,
    actionId: `act-${i}`,
    actionHash: 'ab'.repeat(32),
    outcome: DecisionOutcome.APPROVED,
    policyId: 'hold-lot',
    policyVersion: 'v1',
    signatures: ['quality_engineer', 'production_supervisor'].map((role, k) => ({
      userId: `u-${k}`,
      printedName: k ? 'Sam Supervisor' : 'Dana Quality',
      role,
      meaning: k ? SignatureMeaning.RESPONSIBILITY : SignatureMeaning.APPROVAL,
      reason: 'two bores out of spec on the SPC chart',
      signedAt: at,
      reauthenticatedAt: at,
      reauthMethod: ReauthMethod.PASSWORD,
      approved: true,
    })),
    decidedAt: at,
    expiresAt: new Date(at.getTime() + 8 * 3_600_000),
    serviceSignature: 'x'.repeat(86),
    keyId: '0123456789abcdef',
    signatureAlgorithm: 'Ed25519',
    location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1', cell: '' },
    correlationId: `corr-${i}`,
  });
  const value = Decision.encode(decision).finish();
  return entryFor({
    topic: Topics.ActionsDecided,
    partition: i % 12,
    offset: String(i),
    eventId: `dec-${i}`,
    correlationId: `corr-${i}`,
    value,
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** The bytes the chain hashes per entry, from a chain sealed in memory; then bare sha256 over them. */
function baseline(fields: EntryFields[]): { perSecond: number; chain: NewEntry[] } {
  let head: ChainHead | null = null;
  const chain = fields.map((f, i) => {
    const entry = sealEntry('main', head, f, new Date(Date.UTC(2026, 10, 24, 10, 0, 0, i)).toISOString());
    head = { seq: entry.seq, hash: entry.hash };
    return entry;
  });
  const inputs = chain.map((e) => [e.payloadJson, e.prevHash + canonicalHeader(e)] as const);
  let best = Infinity;
  // Best of three: the baseline is the machine's speed, not its worst moment.
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    let sink = 0;
    for (const [payload, header] of inputs)
      sink += hash('sha256', payload).length + hash('sha256', header).length;
    best = Math.min(best, (performance.now() - start) / 1000);
    if (sink === 0) throw new Error('unreachable');
  }
  return { perSecond: inputs.length / best, chain };
}

async function benchStore(
  name: string,
  open: () => Promise<DocumentStore>,
  n: number,
  libN: number,
  fields: EntryFields[],
): Promise<Row[]> {
  const rows: Row[] = [];
  const isMongo = name !== 'SQLite';
  {
    const store = await open();
    const ledger = await Ledger.open(store);
    const seconds = await timed(async () => {
      for (let i = 0; i < libN; i++)
        await ledger.append({
          kind: 'action.decided',
          subjectId: `act-${i}`,
          site: 'plant-a',
          payload: fields[i]?.payload,
        });
    });
    rows.push({
      store: name,
      operation: 'append, governance Ledger.append (head read per entry)',
      entries: libN,
      seconds,
    });
    await store.close();
  }
  const store = await open();
  const appender = await ChainAppender.open(store);
  rows.push({
    store: name,
    operation:
      'append, audit-ledger ChainAppender.append(list) (cached head, runs of 500 via port insertMany)',
    entries: n,
    seconds: await timed(() => appender.append(fields.slice(0, n))),
    target: isMongo ? 3_000 : 20_000,
  });
  rows.push({
    store: name,
    operation: 'verify, audit-ledger verifyRange on one thread (baseline of the next rows)',
    entries: n,
    seconds: await timed(() => verifyRange(appender.collection, 'main')),
  });
  // What LedgerVerification.verify runs (LEDGER_VERIFY_WORKERS=1): this thread and one worker
  // thread with its own connection, one half each. The pool starts its worker on first
  // use and keeps it: the first call pays for the worker's start, later calls do not.
  const pool = new SegmentWorkerPool(1);
  const parallel = {
    location: store.location,
    collection: LEDGER_COLLECTION,
    pool,
    minSegment: Math.floor(n / 2),
  };
  let verdict: RangeVerification | undefined;
  const inParallel = async () =>
    (verdict = await verifyRangeInParallel(appender.collection, 'main', {}, parallel));
  rows.push({
    store: name,
    operation: 'verify, LedgerVerification.verify: this thread + 1 worker, first call (worker starts)',
    entries: n,
    seconds: await timed(inParallel),
  });
  rows.push({
    store: name,
    operation: 'verify, LedgerVerification.verify: this thread + 1 worker, worker running',
    entries: n,
    seconds: await timed(inParallel),
    target: 100_000,
  });
  await pool.close();
  if (!verdict?.ok || verdict.checked !== n)
    throw new Error(`${name}: parallel verify: ${JSON.stringify(verdict)}`);
  rows.push({
    store: name,
    operation: 'verify, governance Ledger.verify (reads the store)',
    entries: n,
    seconds: await timed(async () => (await Ledger.open(store)).verify()),
  });
  const result = await verifyRange(appender.collection, 'main');
  if (!result.ok || result.checked !== n)
    throw new Error(`${name}: chain did not verify: ${JSON.stringify(result)}`);
  await store.close();

  // One record per call: the consumer's fallback path (a batch that failed, record by record).
  const singlesStore = await open();
  const singles = await ChainAppender.open(singlesStore);
  const singleN = Math.min(n, isMongo ? n : Math.max(1, Math.floor(n / 2)));
  rows.push({
    store: name,
    operation: 'append, ChainAppender.append([one]) per entry (1 insertMany of 1 per entry)',
    entries: singleN,
    seconds: await timed(async () => {
      for (let i = 0; i < singleN; i++) await singles.append([fields[i] as EntryFields]);
    }),
  });
  await singlesStore.close();

  const recorderStore = await open();
  const recorder = await LedgerRecorder.open(recorderStore, await ChainAppender.open(recorderStore), {
    owner: 'bench',
    leaseMs: 10_000,
    now: Date.now,
  });
  const recordN = Math.min(n, isMongo ? n : Math.max(1, Math.floor(n / 2)));
  rows.push({
    store: name,
    operation: 'append idempotent, LedgerRecorder (source marker + entry)',
    entries: recordN,
    seconds: await timed(async () => {
      for (let i = 0; i < recordN; i++)
        await recorder.record(`andon.actions.decided.v1:dec-${i}`, fields[i] as EntryFields);
    }),
  });
  await recorderStore.close();

  // What the Kafka consumer does now: the bus's batch handler hands over a partition batch.
  const batchStore = await open();
  const batchRecorder = await LedgerRecorder.open(batchStore, await ChainAppender.open(batchStore), {
    owner: 'bench',
    leaseMs: 10_000,
    now: Date.now,
  });
  const sources = fields
    .slice(0, n)
    .map((f, i) => ({ sourceKey: `andon.actions.decided.v1:dec-${i}`, fields: f }));
  rows.push({
    store: name,
    operation: 'append idempotent, LedgerRecorder.recordBatch (the consumer, partition batches of 500)',
    entries: n,
    seconds: await timed(async () => {
      for (let i = 0; i < n; i += 500) await batchRecorder.recordBatch(sources.slice(i, i + 500));
    }),
    target: isMongo ? 3_000 : 20_000,
  });
  const batched = await verifyRange((await ChainAppender.open(batchStore)).collection, 'main');
  if (!batched.ok || batched.checked !== n)
    throw new Error(`${name}: recordBatch chain did not verify: ${JSON.stringify(batched)}`);
  await batchStore.close();
  return rows;
}

async function main(): Promise<void> {
  const fields = Array.from({ length: Math.max(N, MONGO_N) }, (_, i) => decisionEntry(i));
  const base = baseline(fields.slice(0, N));
  const payloadBytes = Math.round(
    fields.slice(0, 100).reduce((sum, f) => sum + JSON.stringify(f.payload).length, 0) / 100,
  );

  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-ledger-'));
  let file = 0;
  const rows: Row[] = [];
  try {
    rows.push(
      ...(await benchStore(
        'SQLite',
        async () => SqliteDocumentStore.open(join(dir, `ledger-${file++}.sqlite`)),
        N,
        Math.min(LIB_N, N),
        fields,
      )),
    );
    const offline = base.chain
      .map((e) =>
        JSON.stringify({
          chain: e.chain,
          seq: e.seq,
          kind: e.kind,
          subjectId: e.subjectId,
          site: e.site,
          correlationId: e.correlationId,
          at: e.at,
          payload: JSON.parse(e.payloadJson) as unknown,
          payloadHash: e.payloadHash,
          prevHash: e.prevHash,
          hash: e.hash,
        }),
      )
      .join('\n');
    rows.push({
      store: 'none (export file)',
      operation: 'verify, governance verifyExport (offline, JSON lines in memory)',
      entries: N,
      seconds: await timed(() => verifyExport('main', [offline])),
    });

    const ferret = await benchServer(
      'ferretdb',
      process.env['ANDON_TEST_MONGO_URI'] ?? process.env['MONGO_URI'],
    );
    try {
      let db = 0;
      const prefix = `bench${Date.now()}`;
      const openMongo = async () =>
        MongoDocumentStore.connect(new URL(`/${prefix}_${db++}`, ferret.address).toString());
      rows.push(
        ...(await benchStore(
          'FerretDB',
          openMongo,
          MONGO_N,
          Math.max(1, Math.floor(Math.min(LIB_N, MONGO_N) / 10)),
          fields,
        )),
      );
    } finally {
      await ferret.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  process.stdout.write(
    `ledger bench: node ${process.version}, ${N} entries (${MONGO_N} on FerretDB), payload ~${payloadBytes} bytes of canonical JSON\n`,
  );
  process.stdout.write(
    `baseline: bare sha256 of the same bytes (2 hashes per entry): ${fmt(base.perSecond)} entries/s\n\n`,
  );
  process.stdout.write(
    '| store | operation | entries | entries/s | ratio to sha256 | target |\n|---|---|---:|---:|---:|---|\n',
  );
  for (const row of rows) {
    const rate = row.entries / row.seconds;
    const target =
      row.target === undefined ? '' : `${fmt(row.target)}/s ${rate >= row.target ? 'met' : 'MISSED'}`;
    process.stdout.write(
      `| ${row.store} | ${row.operation} | ${fmt(row.entries)} | ${fmt(rate)} | ${(rate / base.perSecond).toFixed(3)} | ${target} |\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
