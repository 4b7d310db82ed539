import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, Sweep, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { APPROVAL_SETTINGS } from '../approval.tokens';
import type { ApprovalConfig } from '../config/approval.config';
import { ApprovalError } from '../domain/approval-error';
import { ActionRepository } from '../domain/action.repository';
import { ActionSettler } from '../domain/action-settler';
import { DecisionPublisher } from '../publish/decision-publisher';

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
@Injectable()
export class ExpirySweeper {
  private readonly batchSize = 200;
  /** EXPIRY_SWEEP_MS: how often the service sweeps (the kit's schedule). */
  readonly everyMs: number;

  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(ActionSettler) private readonly settler: ActionSettler,
    @Inject(DecisionPublisher) private readonly publisher: DecisionPublisher,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(APPROVAL_SETTINGS) settings: Pick<ApprovalConfig, 'EXPIRY_SWEEP_MS'>,
  ) {
    this.everyMs = settings.EXPIRY_SWEEP_MS;
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
