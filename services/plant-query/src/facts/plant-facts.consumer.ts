import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { decodePlantEvent } from '@andon/agent-kit';
import {
  EVENT_BUS,
  Subscribe,
  type EventBus,
  type IdempotencyStore,
  type MessageContext,
  type SubscribeSpec,
} from '@andon/bus';
import type { PlantQuerySettings } from '../config/plant-query.config';
import {
  PLANT_QUERY_IDEMPOTENCY,
  PLANT_QUERY_SETTINGS,
  PLANT_QUERY_TOPICS,
  plantQueryTopicSpecs,
  type PlantQueryTopics,
} from '../plant-query.tokens';
import { PlantFactsProjector } from './plant-facts.projector';
import { RollupBackfill } from './rollup-backfill';

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
    @Inject(PlantFactsProjector) private readonly projector: PlantFactsProjector,
    @Inject(RollupBackfill) private readonly backfill: RollupBackfill,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(PLANT_QUERY_IDEMPOTENCY) private readonly idempotency: IdempotencyStore,
    @Inject(PLANT_QUERY_TOPICS) private readonly topics: PlantQueryTopics,
    @Inject(PLANT_QUERY_SETTINGS) private readonly config: PlantQuerySettings,
    @Inject(PLANT_QUERY_CONSUMES) private readonly consumes: boolean,
  ) {}

  /** Facts stored before the hourly buckets existed get their buckets before new events arrive. */
  async onModuleInit(): Promise<void> {
    if (!this.consumes) return;
    await this.bus.ensureTopics(plantQueryTopicSpecs(this.topics));
    await this.backfill.run();
  }

  get subscription(): SubscribeSpec | null {
    if (!this.consumes) return null;
    return {
      groupId: this.config.PLANT_QUERY_GROUP_ID,
      topics: [this.topics.plantEvents],
      dlqTopic: this.topics.deadLetters,
      idempotencyStore: this.idempotency,
      partitionsConsumedConcurrently: this.config.PLANT_QUERY_PARTITIONS_CONCURRENCY,
      retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 },
    };
  }

  @Subscribe((self: PlantFactsConsumer) => self.subscription)
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const event = decodePlantEvent(value);
    await this.projector.handle(
      event,
      ctx.log.child({ site: event.site, line: event.line, eventType: event.payload.$case }),
    );
  }
}
