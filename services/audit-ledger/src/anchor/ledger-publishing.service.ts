import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Sweep } from '@andon/service-kit';
import type { LedgerSettings } from '../config/ledger.config';
import { LEDGER_SETTINGS } from '../ledger.tokens';
import { LedgerOutbox } from './ledger-outbox';

/**
 * Publishes the chain to andon.ledger.entries.v1 and signs checkpoints: a round on every
 * append (kicked by the recorder) and on the kit's schedule, so a round that failed is
 * retried and a due checkpoint is signed on a quiet chain. At shutdown the outbox stops.
 */
@Injectable()
export class LedgerPublishing implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly outbox: LedgerOutbox,
    @Inject(LEDGER_SETTINGS)
    private readonly config: Pick<LedgerSettings, 'LEDGER_CHAIN' | 'LEDGER_PUBLISH_INTERVAL_MS'>,
  ) {}

  /** What an earlier process appended but did not publish goes out at once. */
  onApplicationBootstrap(): void {
    this.outbox.kick();
  }

  @Sweep((self: LedgerPublishing) => ({
    name: `audit-ledger.outbox.${self.config.LEDGER_CHAIN}`,
    everyMs: self.config.LEDGER_PUBLISH_INTERVAL_MS ?? 1_000,
  }))
  async round(): Promise<void> {
    await this.outbox.round();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
  }
}
