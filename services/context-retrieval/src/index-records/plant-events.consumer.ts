import type { EventBus, Subscription } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { RecordIndexer } from './record-indexer.service';

/** Subscribes the record indexer to andon.plant-events.v1; retries and the DLQ are the bus's. */
export class PlantEventsConsumer {
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly indexer: RecordIndexer,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: this.groupId,
      topics: [Topics.PlantEvents],
      handler: async (value, ctx) => {
        const outcome = await this.indexer.handle(value);
        ctx.log.debug({ outcome }, 'plant event handled');
      },
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
