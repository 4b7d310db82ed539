import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, Subscribe, type EventBus, type MessageContext } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import { APPROVAL_SETTINGS } from '../approval.tokens';
import type { ApprovalConfig } from '../config/approval.config';
import { ActionSettler } from '../domain/action-settler';
import { DecisionPublisher } from '../publish/decision-publisher';
import { IntakeService } from './intake.service';

/** The topics this service reads and writes, created if missing. */
export const APPROVAL_TOPICS = [
  Topics.ActionsProposed,
  Topics.ActionsDecided,
  Topics.ActionsExecuted,
  Topics.ShiftAcknowledged,
  Topics.DeadLetters,
].map((name) => ({ name, partitions: TOPIC_SPECS[name].partitions }));

/**
 * Subscribes intake to andon.actions.proposed.v1. Thin on purpose: decoding, validation
 * and storage live in IntakeService; retries and the DLQ are the bus's (an invalid
 * proposal throws NonRetryableError and goes straight to the DLQ).
 */
@Injectable()
export class IntakeConsumer implements OnModuleInit {
  constructor(
    @Inject(IntakeService) private readonly intake: IntakeService,
    @Inject(DecisionPublisher) private readonly publisher: DecisionPublisher,
    @Inject(ActionSettler) private readonly settler: ActionSettler,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(APPROVAL_SETTINGS) private readonly settings: Pick<ApprovalConfig, 'CONSUMER_GROUP'>,
  ) {}

  /** Before the first proposal: decisions a previous run stored but did not get onto the bus go out, pending actions are re-read. */
  async onModuleInit(): Promise<void> {
    await this.bus.ensureTopics(APPROVAL_TOPICS);
    await this.publisher.flush();
    await this.settler.refreshPending();
  }

  @Subscribe((self: IntakeConsumer) => ({
    groupId: self.settings.CONSUMER_GROUP,
    topics: [Topics.ActionsProposed],
  }))
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    await this.intake.handle(value, ctx.log);
  }
}
