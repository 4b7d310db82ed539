import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { NonRetryableError } from '@andon/bus';
import { ProposedAction } from '@andon/contracts';
import { actionForHash } from '@andon/governance/policy';
import { actionHash } from '@andon/governance/canonical';
import type { Logger } from '@andon/observability';
import { DecisionExecutor } from '../execute/decision-executor';
import { ActionRepository } from './action.repository';

/**
 * The use case behind andon.actions.proposed.v1: keep this service's own copy of every
 * action (the one it will execute), then hand over any decision that arrived first.
 */
@Injectable()
export class ProposalIntake {
  constructor(
    private readonly actions: ActionRepository,
    private readonly executor: DecisionExecutor,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  async handle(bytes: Uint8Array, log: Logger): Promise<void> {
    let action: ProposedAction;
    let hash: string;
    try {
      action = ProposedAction.decode(bytes);
      if (!action.actionId) throw new Error('actionId is empty');
      hash = actionHash(actionForHash(action));
    } catch (err) {
      throw new NonRetryableError(`proposed action cannot be hashed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const result = await this.actions.record(action, bytes, hash, this.clock.now());
    if (result === 'conflict') {
      // Actions are immutable; a second version means someone edited it in flight. Any
      // decision for this action id is refused from now on (HASH_MISMATCH).
      log.warn(
        { actionId: action.actionId, hash },
        'action re-proposed with different content; it will not execute',
      );
    }
    await this.executor.resumeParked(action.actionId);
  }
}
