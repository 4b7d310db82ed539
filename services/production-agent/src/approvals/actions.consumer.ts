import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableError, Subscribe, type MessageContext } from '@andon/bus';
import { Decision, ProposedAction, decisionOutcomeToJSON } from '@andon/contracts';
import { AgentContext } from '@andon/agent-kit';
import { PendingApprovalsRepository } from './pending-approvals.repository';

/**
 * Tracks which proposed actions still wait for a human, so the shift handoff can list
 * pending approvals. Reads every agent's proposals (not only its own) and the decisions,
 * in its own group (`<AGENT_GROUP_ID>-approvals`).
 */
@Injectable()
export class ActionsConsumer {
  constructor(
    @Inject(AgentContext) private readonly agent: AgentContext,
    @Inject(PendingApprovalsRepository) private readonly approvals: PendingApprovalsRepository,
  ) {}

  @Subscribe((self: ActionsConsumer) =>
    self.agent.subscription({ topics: ['actionsProposed', 'actionsDecided'], groupSuffix: 'approvals' }),
  )
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    if (ctx.topic === this.agent.topics.actionsProposed) {
      const action = decode(ProposedAction, value, 'ProposedAction');
      const site = action.location?.site;
      if (!site || !action.actionId)
        throw new NonRetryableError(`proposed action ${action.actionId || '(no id)'} has no site or id`, {
          reason: 'schema_invalid',
        });
      await this.approvals.proposed({
        _id: action.actionId,
        site,
        line: action.location?.line ?? '',
        title: action.title,
        actionType: action.actionType,
        proposedBy: action.proposedBy,
        proposedAt: action.proposedAt?.getTime() ?? 0,
        expiresAt: action.expiresAt?.getTime() ?? 0,
      });
      return;
    }
    const decision = decode(Decision, value, 'Decision');
    const site = decision.location?.site;
    if (!site || !decision.actionId)
      throw new NonRetryableError(`decision ${decision.decisionId || '(no id)'} has no site or action id`, {
        reason: 'schema_invalid',
      });
    await this.approvals.decided(
      site,
      decision.location?.line ?? '',
      decision.actionId,
      decisionOutcomeToJSON(decision.outcome),
    );
  }
}

function decode<T>(codec: { decode(input: Uint8Array): T }, value: Uint8Array, name: string): T {
  try {
    return codec.decode(value);
  } catch (err) {
    throw new NonRetryableError(`not a ${name}: ${(err as Error).message}`, {
      reason: 'decode_failed',
      cause: err,
    });
  }
}
