import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Ledger, LEDGER_COLLECTION } from '@andon/governance';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { ChainAppender } from './chain/chain-appender';
import type { LedgerConfig } from './config/ledger.config';
import { LedgerMetrics } from './ledger-metrics';
import { LedgerQuery } from './query/ledger-query';
import { LedgerRecorder } from './record/ledger-recorder';
import { RecordGovernedEvent } from './record/record-governed-event';
import { verifyRangeInParallel } from './verify/parallel-range-verifier';
import { SegmentWorkerPool } from './verify/segment-worker-pool';
import type { RangeVerification, SeqRange } from './verify/range-verifier';

/** The config keys the core reads; a full LedgerConfig satisfies it. */
export type LedgerCoreConfig = Pick<LedgerConfig, 'LEDGER_CHAIN' | 'CONSUMER_GROUP' | 'LEDGER_SOURCE_LEASE_MS'> &
  Partial<Pick<LedgerConfig, 'LEDGER_VERIFY_WORKERS'>>;

export interface LedgerCoreOptions {
  store: DocumentStore;
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
  /** Stops the verify workers. */
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
  return {
    record: new RecordGovernedEvent(recorder, metrics),
    query: new LedgerQuery(appender.collection, chain),
    appender,
    ledger,
    verify: async (range) => {
      const result = await verifyRangeInParallel(appender.collection, chain, range ?? {}, {
        location: options.store.location,
        collection: LEDGER_COLLECTION,
        pool: verifyPool,
        log,
      });
      metrics.verified(result.ok);
      if (!result.ok) log.error({ firstBadSeq: result.firstBadSeq, reason: result.reason, detail: result.detail }, 'ledger verification found a broken chain');
      return result;
    },
    log,
    config,
    close: async () => {
      await verifyPool?.close();
    },
  };
}
