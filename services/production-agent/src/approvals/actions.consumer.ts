import type { EventBus, IdempotencyStore, MessageContext, Subscription } from '@andon/bus';
import { Decision, ProposedAction, decisionOutcomeToJSON } from '@andon/contracts';
import { NonRetryableError } from '@andon/bus';
import type { PendingApprovalsRepository } from './pending-approvals.repository';

export interface ActionsConsumerOptions {
  bus: EventBus;
  topics: { actionsProposed: string; actionsDecided: string; deadLetters: string };
  groupId: string;
  idempotency: IdempotencyStore;
  approvals: PendingApprovalsRepository;
}

/**
 * Tracks which proposed actions still wait for a human, so the shift handoff can list
 * pending approvals. Reads every agent's proposals (not only its own) and the decisions.
 */
export class ActionsConsumer {
  private subscription: Subscription | undefined;

  constructor(private readonly options: ActionsConsumerOptions) {}

  async start(): Promise<void> {
    const { topics } = this.options;
    this.subscription ??= await this.options.bus.subscribe({
      groupId: this.options.groupId,
      topics: [topics.actionsProposed, topics.actionsDecided],
      dlqTopic: topics.deadLetters,
      idempotencyStore: this.options.idempotency,
      handler: (value, ctx) => this.handle(value, ctx),
    });
  }

  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    if (ctx.topic === this.options.topics.actionsProposed) {
      const action = decode(ProposedAction, value, 'ProposedAction');
      const site = action.location?.site;
      if (!site || !action.actionId) throw new NonRetryableError(`proposed action ${action.actionId || '(no id)'} has no site or id`, { reason: 'schema_invalid' });
      await this.options.approvals.proposed({
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
    if (!site || !decision.actionId) throw new NonRetryableError(`decision ${decision.decisionId || '(no id)'} has no site or action id`, { reason: 'schema_invalid' });
    await this.options.approvals.decided(site, decision.location?.line ?? '', decision.actionId, decisionOutcomeToJSON(decision.outcome));
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}

function decode<T>(codec: { decode(input: Uint8Array): T }, value: Uint8Array, name: string): T {
  try {
    return codec.decode(value);
  } catch (err) {
    throw new NonRetryableError(`not a ${name}: ${(err as Error).message}`, { reason: 'decode_failed', cause: err });
  }
}
