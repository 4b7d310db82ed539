import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext } from '@andon/bus';
import { Topics } from '@andon/contracts';
import { APPROVAL_SETTINGS } from '../approval.tokens';
import type { ApprovalConfig } from '../config/approval.config';
import { ExecutionService } from './execution.service';

/** Subscribes to andon.actions.executed.v1 in its own consumer group (`<CONSUMER_GROUP>-executed`). */
@Injectable()
export class ExecutionConsumer {
  constructor(
    @Inject(ExecutionService) private readonly executions: ExecutionService,
    @Inject(APPROVAL_SETTINGS) private readonly settings: Pick<ApprovalConfig, 'CONSUMER_GROUP'>,
  ) {}

  @Subscribe((self: ExecutionConsumer) => ({
    groupId: `${self.settings.CONSUMER_GROUP}-executed`,
    topics: [Topics.ActionsExecuted],
  }))
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    await this.executions.handle(value, ctx.log);
  }
}
