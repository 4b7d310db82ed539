import type { EventBus, Subscription } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { WritebackCore } from '../writeback-core';

/**
 * One subscription over both action topics (routing by topic): two subscriptions in one
 * consumer group with different topic lists would confuse Kafka's partition assignment.
 * Thin on purpose; decoding, checks and the outbox live in the use cases.
 */
export class WritebackConsumer {
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly core: WritebackCore,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: this.core.config.CONSUMER_GROUP,
      topics: [Topics.ActionsProposed, Topics.ActionsDecided],
      handler: async (value, ctx) => {
        if (ctx.topic === Topics.ActionsProposed) return this.core.intake.handle(value, ctx.log);
        return this.core.executor.handle(value, { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset }, ctx.log);
      },
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
