import type { EventBus, Subscription } from '@andon/bus';
import type { LedgerCore } from '../ledger-core';
import { GOVERNED_TOPICS } from '../record/governed-events';

/**
 * Every governed topic into the ledger, in one subscription, a partition batch per append.
 * Retries outlast the source
 * lease, so an append interrupted by a crash is redone by the next delivery rather than
 * dead-lettered while the lease still blocks it.
 */
export class GovernedTopicsConsumer {
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly core: LedgerCore,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    const leaseMs = this.core.config.LEDGER_SOURCE_LEASE_MS;
    this.subscription = await this.bus.subscribe({
      groupId: this.core.config.CONSUMER_GROUP,
      topics: GOVERNED_TOPICS,
      retry: { attempts: 12, baseDelayMs: 250, maxDelayMs: Math.max(1_000, Math.ceil(leaseMs / 2)) },
      handler: (value, ctx) => this.core.record.handle(value, ctx, ctx.log),
      // A partition's fetched records as one append (one marker insert and one entry insert
      // per run); any failure falls back to handler() record by record.
      batchHandler: (batch, ctx) => this.core.record.handleBatch(batch, ctx.log),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
