import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Provider } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@andon/bus';
import { ChainAppender, Ledger } from '@andon/governance/ledger';
import type { Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { DOCUMENT_STORE, SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { resolveCheckpointKeys, type CheckpointKeys } from './anchor/checkpoint-key';
import { LedgerOutbox } from './anchor/ledger-outbox';
import { WitnessDirectory } from './anchor/witness-directory';
import type { LedgerSettings } from './config/ledger.config';
import { LedgerMetrics } from './ledger-metrics';
import { CHECKPOINT_KEYS, LEDGER_SETTINGS, LEDGER_WITNESS } from './ledger.tokens';
import { LedgerRecorder } from './record/ledger-recorder';

/**
 * What the ledger's use cases stand on and must open (or resolve) once, asynchronously,
 * before any of them is built: the chain's one writer, the recorder's source markers, the
 * governance view of the chain, the checkpoint keys, the witness and the outbox.
 */
export const ledgerChainProviders: Provider[] = [
  {
    provide: ChainAppender,
    useFactory: (store: DocumentStore, config: LedgerSettings, clock: Clock, metrics: LedgerMetrics) =>
      ChainAppender.open(store, {
        chain: config.LEDGER_CHAIN,
        now: () => clock.now(),
        onRetry: () => metrics.lostRace(),
      }),
    inject: [DOCUMENT_STORE, LEDGER_SETTINGS, SERVICE_CLOCK, LedgerMetrics],
  },
  {
    provide: LedgerRecorder,
    useFactory: (store: DocumentStore, appender: ChainAppender, config: LedgerSettings, clock: Clock) =>
      LedgerRecorder.open(store, appender, {
        owner: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        leaseMs: config.LEDGER_SOURCE_LEASE_MS,
        now: () => clock.now().getTime(),
      }),
    inject: [DOCUMENT_STORE, ChainAppender, LEDGER_SETTINGS, SERVICE_CLOCK],
  },
  {
    provide: Ledger,
    useFactory: (store: DocumentStore, config: LedgerSettings, clock: Clock) =>
      Ledger.open(store, { chain: config.LEDGER_CHAIN, now: () => clock.now() }),
    inject: [DOCUMENT_STORE, LEDGER_SETTINGS, SERVICE_CLOCK],
  },
  {
    provide: CHECKPOINT_KEYS,
    useFactory: (config: LedgerSettings, log: Logger): CheckpointKeys =>
      resolveCheckpointKeys(
        {
          pem: config.LEDGER_CHECKPOINT_KEY_PEM,
          publicKeys: config.LEDGER_CHECKPOINT_PUBLIC_KEYS,
          dataDir: config.ANDON_DATA_DIR,
        },
        log,
      ),
    inject: [LEDGER_SETTINGS, SERVICE_LOG],
  },
  {
    provide: LEDGER_WITNESS,
    useFactory: (config: LedgerSettings): WitnessDirectory | null =>
      config.LEDGER_WITNESS_DIR ? new WitnessDirectory(config.LEDGER_WITNESS_DIR) : null,
    inject: [LEDGER_SETTINGS],
  },
  {
    provide: LedgerOutbox,
    useFactory: (
      store: DocumentStore,
      appender: ChainAppender,
      config: LedgerSettings,
      bus: EventBus,
      keys: CheckpointKeys,
      witness: WitnessDirectory | null,
      clock: Clock,
      log: Logger,
      metrics: LedgerMetrics,
    ) =>
      LedgerOutbox.open({
        store,
        docs: appender.collection,
        chain: config.LEDGER_CHAIN,
        bus,
        keys,
        witness,
        checkpointEvery: config.LEDGER_CHECKPOINT_EVERY ?? 1_000,
        checkpointIntervalMs: config.LEDGER_CHECKPOINT_INTERVAL_MS ?? 300_000,
        now: () => clock.now(),
        log,
        metrics,
      }),
    inject: [
      DOCUMENT_STORE,
      ChainAppender,
      LEDGER_SETTINGS,
      EVENT_BUS,
      CHECKPOINT_KEYS,
      LEDGER_WITNESS,
      SERVICE_CLOCK,
      SERVICE_LOG,
      LedgerMetrics,
    ],
  },
];
