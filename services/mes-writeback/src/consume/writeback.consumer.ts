import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Subscribe, type MessageContext, type SubscribeSpec } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import type { WritebackSettings } from '../config/writeback.config';
import { DecisionExecutor } from '../execute/decision-executor';
import { ProposalIntake } from '../intake/proposal-intake.service';
import { Reconciler } from '../reconcile/reconciler';
import { WRITEBACK_CONFIG } from '../writeback.tokens';

/** The topics this service reads and writes, created if missing. */
export const WRITEBACK_TOPICS = [
  Topics.ActionsProposed,
  Topics.ActionsDecided,
  Topics.ActionsExecuted,
  Topics.DeadLetters,
].map((name) => ({
  name,
  partitions: TOPIC_SPECS[name].partitions,
}));

/**
 * One subscription over both action topics (routing by topic): two subscriptions in one
 * consumer group with different topic lists would confuse Kafka's partition assignment.
 * Thin on purpose; decoding, checks and the outbox live in the use cases.
 */
@Injectable()
export class WritebackConsumer implements OnModuleInit {
  constructor(
    private readonly intake: ProposalIntake,
    private readonly executor: DecisionExecutor,
    private readonly reconciler: Reconciler,
    @Inject(WRITEBACK_CONFIG) private readonly config: Pick<WritebackSettings, 'CONSUMER_GROUP'>,
  ) {}

  /** What a crash left in `calling` is settled before this consumer takes any new decision (bootstrap subscribes). */
  async onModuleInit(): Promise<void> {
    await this.reconciler.onStartup();
  }

  get subscription(): SubscribeSpec {
    return {
      groupId: this.config.CONSUMER_GROUP,
      topics: [Topics.ActionsProposed, Topics.ActionsDecided],
      createTopics: WRITEBACK_TOPICS,
    };
  }

  @Subscribe((self: WritebackConsumer) => self.subscription)
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    if (ctx.topic === Topics.ActionsProposed) return this.intake.handle(value, ctx.log);
    return this.executor.handle(
      value,
      { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset },
      ctx.log,
    );
  }
}
