import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ChainAppender, LEDGER_COLLECTION } from '@andon/governance/ledger';
import type { Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { DOCUMENT_STORE, SERVICE_LOG } from '@andon/service-kit';
import { anchorVerdict, type AnchoredVerification } from '../anchor/anchored-verify';
import type { CheckpointKeys } from '../anchor/checkpoint-key';
import type { WitnessDirectory } from '../anchor/witness-directory';
import type { LedgerSettings } from '../config/ledger.config';
import { LedgerMetrics } from '../ledger-metrics';
import { CHECKPOINT_KEYS, LEDGER_SETTINGS, LEDGER_WITNESS } from '../ledger.tokens';
import { verifyRangeInParallel } from './parallel-range-verifier';
import type { RangeVerification, SeqRange } from './range-verifier';
import { SegmentWorkerPool } from './segment-worker-pool';

/**
 * Verifying the chain: a range by its links, the whole chain also against the witness's
 * latest signed checkpoint. A long chain is walked in segments on worker threads
 * (LEDGER_VERIFY_WORKERS, on a store other threads can open); the pool is this class's and
 * closes with the application.
 */
@Injectable()
export class LedgerVerification implements OnApplicationShutdown {
  private readonly pool: SegmentWorkerPool | undefined;
  private readonly chain: string;

  constructor(
    private readonly appender: ChainAppender,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(LEDGER_SETTINGS) config: Pick<LedgerSettings, 'LEDGER_CHAIN' | 'LEDGER_VERIFY_WORKERS'>,
    @Inject(CHECKPOINT_KEYS) private readonly keys: CheckpointKeys,
    @Inject(LEDGER_WITNESS) private readonly witness: WitnessDirectory | null,
    private readonly metrics: LedgerMetrics,
    @Inject(SERVICE_LOG) private readonly log: Logger,
  ) {
    this.chain = config.LEDGER_CHAIN;
    const workers = config.LEDGER_VERIFY_WORKERS ?? 1;
    this.pool = store.location && workers > 0 ? new SegmentWorkerPool(workers) : undefined;
  }

  /** Walks the chain (or a range) by its links. */
  async verify(range?: SeqRange): Promise<RangeVerification> {
    const result = await this.walk(range);
    this.metrics.verified(result.ok ? 'intact' : 'broken');
    return result;
  }

  /** Walks the whole chain and judges it against the witness's latest signed checkpoint. */
  async verifyAnchored(): Promise<AnchoredVerification> {
    const result = await anchorVerdict(await this.walk(), {
      docs: this.appender.collection,
      chain: this.chain,
      witness: this.witness,
      publicKeys: this.keys.verifying,
    });
    this.metrics.verified(
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
      this.log.error(
        { reason: result.reason, detail: result.detail, checkpoint: result.anchor.checkpoint },
        'ledger does not match its latest checkpoint',
      );
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }

  private async walk(range?: SeqRange): Promise<RangeVerification> {
    const result = await verifyRangeInParallel(this.appender.collection, this.chain, range ?? {}, {
      location: this.store.location,
      collection: LEDGER_COLLECTION,
      pool: this.pool,
      log: this.log,
    });
    if (!result.ok)
      this.log.error(
        { firstBadSeq: result.firstBadSeq, reason: result.reason, detail: result.detail },
        'ledger verification found a broken chain',
      );
    return result;
  }
}
