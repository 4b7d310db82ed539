import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { decodePlantEvent } from '@andon/agent-kit';
import { EVENT_BUS, Subscribe, type EventBus, type MessageContext, type SubscribeSpec } from '@andon/bus';
import { PlantQueryRuntime } from '../plant-query-runtime';

/** Injection token: false when the module was told not to join the consumer group (`consume: false`). */
export const PLANT_QUERY_CONSUMES = Symbol('andon:plant-query-consumes');

/**
 * Projects andon.plant-events.v1 into plant-query's facts. Thin on purpose: decode and
 * validate at the edge (an invalid event is dead-lettered at once), the projector does the
 * rest; each partition is consumed in order, so one line's events arrive in order.
 */
@Injectable()
export class PlantFactsConsumer implements OnModuleInit {
  constructor(
    @Inject(PlantQueryRuntime) private readonly runtime: PlantQueryRuntime,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(PLANT_QUERY_CONSUMES) private readonly consumes: boolean,
  ) {}

  /** Facts stored before the hourly buckets existed get their buckets before new events arrive. */
  async onModuleInit(): Promise<void> {
    if (!this.consumes) return;
    await this.bus.ensureTopics(this.runtime.topicSpecs);
    await this.runtime.backfillRollups();
  }

  get subscription(): SubscribeSpec | null {
    if (!this.consumes) return null;
    const { config } = this.runtime.deps;
    return {
      groupId: config.PLANT_QUERY_GROUP_ID,
      topics: [this.runtime.topics.plantEvents],
      dlqTopic: this.runtime.topics.deadLetters,
      idempotencyStore: this.runtime.idempotency,
      partitionsConsumedConcurrently: config.PLANT_QUERY_PARTITIONS_CONCURRENCY,
      retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 },
    };
  }

  @Subscribe((self: PlantFactsConsumer) => self.subscription)
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const event = decodePlantEvent(value);
    await this.runtime.projector.handle(
      event,
      ctx.log.child({ site: event.site, line: event.line, eventType: event.payload.$case }),
    );
  }
}
