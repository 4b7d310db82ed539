import type { EventBus, IdempotencyStore, MessageContext, Subscription } from '@andon/bus';
import type { Logger } from '@andon/observability';
import { decodePlantEvent, type DecodedPlantEvent } from './plant-event.decoder';

export interface PlantEventHandler {
  handle(event: DecodedPlantEvent, log: Logger): Promise<void>;
}

export interface PlantEventsConsumerOptions {
  bus: EventBus;
  topic: string;
  deadLetters: string;
  groupId: string;
  idempotency: IdempotencyStore;
  handler: PlantEventHandler;
  partitionsConsumedConcurrently: number;
}

/**
 * Thin on purpose: decode and validate at the edge, hand the event to the agent. Each
 * partition is consumed sequentially, so the events of one line arrive in order.
 * Invalid events are dead-lettered at once (NonRetryableError); other failures are
 * retried by the bus and then dead-lettered.
 */
export class PlantEventsConsumer {
  private subscription: Subscription | undefined;

  constructor(private readonly options: PlantEventsConsumerOptions) {}

  async start(): Promise<void> {
    this.subscription ??= await this.options.bus.subscribe({
      groupId: this.options.groupId,
      topics: [this.options.topic],
      dlqTopic: this.options.deadLetters,
      idempotencyStore: this.options.idempotency,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 },
      handler: (value, ctx) => this.handle(value, ctx),
    });
  }

  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const event = decodePlantEvent(value);
    await this.options.handler.handle(
      event,
      ctx.log.child({ site: event.site, line: event.line, eventType: event.payload.$case }),
    );
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}
