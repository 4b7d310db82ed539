import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext, type SubscribeSpec } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import type { LedgerSettings } from '../config/ledger.config';
import { LEDGER_SETTINGS } from '../ledger.tokens';
import { GOVERNED_TOPICS } from '../record/governed-events';
import { RecordGovernedEvent } from '../record/record-governed-event';

/** What the ledger consumes and publishes, created if missing. */
export const LEDGER_TOPICS = [
  ...GOVERNED_TOPICS,
  Topics.DeadLetters,
  Topics.LedgerEntries,
  Topics.LedgerCheckpoints,
].map((name) => ({
  name,
  partitions: TOPIC_SPECS[name].partitions,
}));

/**
 * Every governed topic into the ledger, in one subscription, a partition batch per append.
 * Retries outlast the source lease, so an append interrupted by a crash is redone by the
 * next delivery rather than dead-lettered while the lease still blocks it.
 */
@Injectable()
export class GovernedTopicsConsumer {
  constructor(
    private readonly record: RecordGovernedEvent,
    @Inject(LEDGER_SETTINGS)
    private readonly config: Pick<LedgerSettings, 'CONSUMER_GROUP' | 'LEDGER_SOURCE_LEASE_MS'>,
  ) {}

  get subscription(): SubscribeSpec {
    const leaseMs = this.config.LEDGER_SOURCE_LEASE_MS;
    return {
      groupId: this.config.CONSUMER_GROUP,
      topics: GOVERNED_TOPICS,
      createTopics: LEDGER_TOPICS,
      retry: { attempts: 12, baseDelayMs: 250, maxDelayMs: Math.max(1_000, Math.ceil(leaseMs / 2)) },
      // A partition's fetched records as one append (one marker insert and one entry insert
      // per run); any failure falls back to handle() record by record.
      batchHandler: (batch, ctx) => this.record.handleBatch(batch, ctx.log),
    };
  }

  @Subscribe((self: GovernedTopicsConsumer) => self.subscription)
  handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    return this.record.handle(value, ctx, ctx.log);
  }
}
