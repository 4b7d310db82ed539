import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Sweep } from '@andon/service-kit';
import type { LedgerCore } from '../ledger-core';
import { LEDGER_CORE } from '../ledger.tokens';

/**
 * Publishes the chain to andon.ledger.entries.v1 and signs checkpoints: a round on every
 * append (kicked by the recorder) and on the kit's schedule, so a round that failed is
 * retried and a due checkpoint is signed on a quiet chain. At shutdown the outbox stops,
 * then the verify workers.
 */
@Injectable()
export class LedgerPublishing implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(LEDGER_CORE) private readonly core: LedgerCore) {}

  /** What an earlier process appended but did not publish goes out at once. */
  onApplicationBootstrap(): void {
    this.core.outbox?.kick();
  }

  @Sweep((self: LedgerPublishing) =>
    self.core.outbox
      ? {
          name: `audit-ledger.outbox.${self.core.config.LEDGER_CHAIN}`,
          everyMs: self.core.config.LEDGER_PUBLISH_INTERVAL_MS ?? 1_000,
        }
      : null,
  )
  async round(): Promise<void> {
    await this.core.outbox?.round();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.core.close();
  }
}
