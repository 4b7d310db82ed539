import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Ledger, LEDGER_COLLECTION } from '@andon/governance/ledger';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { EventBus } from '@andon/bus';
import { anchorVerdict, type AnchoredVerification } from './anchor/anchored-verify';
import { resolveCheckpointKeys } from './anchor/checkpoint-key';
import { LedgerOutbox } from './anchor/ledger-outbox';
import { WitnessDirectory } from './anchor/witness-directory';
import { ChainAppender } from '@andon/governance/ledger';
import type { LedgerConfig } from './config/ledger.config';
import { LedgerMetrics } from './ledger-metrics';
import { LedgerQuery } from './query/ledger-query';
import { LedgerRecorder } from './record/ledger-recorder';
import { RecordGovernedEvent } from './record/record-governed-event';
import { verifyRangeInParallel } from './verify/parallel-range-verifier';
import { SegmentWorkerPool } from './verify/segment-worker-pool';
import type { RangeVerification, SeqRange } from './verify/range-verifier';

/** The config keys the core reads; a full LedgerConfig satisfies it. */
export type LedgerCoreConfig = Pick<
  LedgerConfig,
  'LEDGER_CHAIN' | 'CONSUMER_GROUP' | 'LEDGER_SOURCE_LEASE_MS'
> &
  Partial<
    Pick<
      LedgerConfig,
      | 'LEDGER_VERIFY_WORKERS'
      | 'LEDGER_WITNESS_DIR'
      | 'LEDGER_CHECKPOINT_KEY_PEM'
      | 'LEDGER_CHECKPOINT_PUBLIC_KEYS'
      | 'LEDGER_CHECKPOINT_EVERY'
      | 'LEDGER_CHECKPOINT_INTERVAL_MS'
      | 'LEDGER_PUBLISH_INTERVAL_MS'
      | 'ANDON_DATA_DIR'
    >
  >;

export interface LedgerCoreOptions {
  store: DocumentStore;
  /** where entries and checkpoints are published; without one there is no outbox (unit tests of the chain alone) */
  bus?: EventBus;
  log: Logger;
  metrics: Metrics;
  config: LedgerCoreConfig;
  now?: () => Date;
  owner?: string;
}

export interface LedgerCore {
  record: RecordGovernedEvent;
  query: LedgerQuery;
  appender: ChainAppender;
  /** the governance lib's view of the same chain (export, full verify) */
  ledger: Ledger;
  /** Walks the chain (or a range), in segments on worker threads when it is long. */
  verify(range?: SeqRange): Promise<RangeVerification>;
  /** Walks the whole chain and judges it against the witness's latest signed checkpoint. */
  verifyAnchored(): Promise<AnchoredVerification>;
  /** Publishes entries and signs checkpoints (null without a bus). */
  outbox: LedgerOutbox | null;
  /** Stops the outbox and the verify workers. */
  close(): Promise<void>;
  log: Logger;
  config: LedgerCoreConfig;
}

/** Wires the ledger use cases on the given store; no Nest, so tests and standalone share it. */
export async function createLedgerCore(options: LedgerCoreOptions): Promise<LedgerCore> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const chain = config.LEDGER_CHAIN;
  const log = options.log.child({ component: 'audit-ledger' });
  const metrics = new LedgerMetrics(options.metrics);
  const appender = await ChainAppender.open(options.store, { chain, now, onRetry: () => metrics.lostRace() });
  const recorder = await LedgerRecorder.open(options.store, appender, {
    owner: options.owner ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    leaseMs: config.LEDGER_SOURCE_LEASE_MS,
    now: () => now().getTime(),
  });
  const ledger = await Ledger.open(options.store, { chain, now });
  const workers = config.LEDGER_VERIFY_WORKERS ?? 1;
  const verifyPool = options.store.location && workers > 0 ? new SegmentWorkerPool(workers) : undefined;
  const keys = resolveCheckpointKeys(
    {
      pem: config.LEDGER_CHECKPOINT_KEY_PEM,
      publicKeys: config.LEDGER_CHECKPOINT_PUBLIC_KEYS,
      dataDir: config.ANDON_DATA_DIR,
    },
    log,
  );
  const witness = config.LEDGER_WITNESS_DIR ? new WitnessDirectory(config.LEDGER_WITNESS_DIR) : null;
  const outbox = options.bus
    ? await LedgerOutbox.open({
        store: options.store,
        docs: appender.collection,
        chain,
        bus: options.bus,
        keys,
        witness,
        checkpointEvery: config.LEDGER_CHECKPOINT_EVERY ?? 1_000,
        checkpointIntervalMs: config.LEDGER_CHECKPOINT_INTERVAL_MS ?? 300_000,
        now,
        log,
        metrics,
      })
    : null;
  const verify = async (range?: SeqRange): Promise<RangeVerification> => {
    const result = await verifyRangeInParallel(appender.collection, chain, range ?? {}, {
      location: options.store.location,
      collection: LEDGER_COLLECTION,
      pool: verifyPool,
      log,
    });
    if (!result.ok)
      log.error(
        { firstBadSeq: result.firstBadSeq, reason: result.reason, detail: result.detail },
        'ledger verification found a broken chain',
      );
    return result;
  };
  return {
    record: new RecordGovernedEvent(recorder, metrics, () => outbox?.kick()),
    query: new LedgerQuery(appender.collection, chain),
    appender,
    ledger,
    verify: async (range) => {
      const result = await verify(range);
      metrics.verified(result.ok ? 'intact' : 'broken');
      return result;
    },
    verifyAnchored: async () => {
      const result = await anchorVerdict(await verify(), {
        docs: appender.collection,
        chain,
        witness,
        publicKeys: keys.verifying,
      });
      metrics.verified(
        result.ok
          ? 'intact'
          : result.reason === 'TRUNCATED'
            ? 'truncated'
            : result.reason === 'DIVERGED'
              ? 'diverged'
              : result.reason === 'CHECKPOINT_INVALID'
                ? 'checkpoint_invalid'
                : 'broken',
      );
      if (!result.ok && result.anchor.status !== 'NOT_EVALUATED')
        log.error(
          { reason: result.reason, detail: result.detail, checkpoint: result.anchor.checkpoint },
          'ledger does not match its latest checkpoint',
        );
      return result;
    },
    outbox,
    log,
    config,
    close: async () => {
      await outbox?.stop();
      await verifyPool?.close();
    },
  };
}
