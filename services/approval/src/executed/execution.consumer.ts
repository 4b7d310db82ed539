import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE, APPROVAL_SETTINGS } from '../approval.tokens';
import type { ApprovalConfig } from '../config/approval.config';

/** Subscribes to andon.actions.executed.v1 in its own consumer group (`<CONSUMER_GROUP>-executed`). */
@Injectable()
export class ExecutionConsumer {
  constructor(
    @Inject(APPROVAL_CORE) private readonly core: ApprovalCore,
    @Inject(APPROVAL_SETTINGS) private readonly settings: Pick<ApprovalConfig, 'CONSUMER_GROUP'>,
  ) {}

  @Subscribe((self: ExecutionConsumer) => ({
    groupId: `${self.settings.CONSUMER_GROUP}-executed`,
    topics: [Topics.ActionsExecuted],
  }))
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    await this.core.executions.handle(value, ctx.log);
  }
}
