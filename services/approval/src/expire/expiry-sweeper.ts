import type { Logger } from '@andon/observability';
import { Sweep } from '@andon/service-kit';
import { ApprovalError } from '../domain/approval-error';
import type { ActionRepository } from '../domain/action.repository';
import type { ActionSettler } from '../domain/action-settler';
import type { Clock } from '../domain/clock';
import type { DecisionPublisher } from '../publish/decision-publisher';

export interface SweepResult {
  expired: number;
  republished: number;
}

/**
 * Periodically closes pending actions whose deadline has passed (an expired decision is
 * signed and published like any other) and re-sends decisions left in the outbox.
 * Settling goes through the same conditional update as signing, so an expiry racing a
 * last signature yields exactly one outcome.
 */
export class ExpirySweeper {
  private readonly batchSize: number;
  /** EXPIRY_SWEEP_MS: how often the service sweeps (the kit's schedule). */
  readonly everyMs: number;

  constructor(
    private readonly actions: ActionRepository,
    private readonly settler: ActionSettler,
    private readonly publisher: DecisionPublisher,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: { batchSize?: number; everyMs?: number } = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.everyMs = options.everyMs ?? 5_000;
  }

  @Sweep((self: ExpirySweeper) => ({ name: 'approval.expiry-sweep', everyMs: self.everyMs }))
  async sweep(): Promise<SweepResult> {
    let expired = 0;
    for (const due of await this.actions.duePending(this.clock.now().getTime(), this.batchSize)) {
      let settled;
      try {
        settled = await this.settler.settleCurrent(due);
      } catch (err) {
        // A record changed outside approval is refused and reported by the integrity guard;
        // it must not stop the sweep for every other action.
        if (err instanceof ApprovalError && err.code === 'RECORD_TAMPERED') continue;
        throw err;
      }
      if (settled.state === 'expired' && settled.decision && settled.version !== due.version) expired++;
    }
    const republished = await this.publisher.flush(this.batchSize);
    if (expired > 0 || republished > 0) this.log.info({ expired, republished }, 'expiry sweep');
    await this.settler.refreshPending();
    return { expired, republished };
  }
}
