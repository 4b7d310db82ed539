import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, Sweep, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import type { WritebackSettings } from '../config/writeback.config';
import { DecisionExecutor } from '../execute/decision-executor';
import { ExecutionRepository } from '../execute/execution.repository';
import { ExecutionRunner } from '../execute/execution-runner';
import { WritebackMetrics } from '../execute/writeback-metrics';
import { WRITEBACK_CONFIG, WRITEBACK_OWNER } from '../writeback.tokens';

const BATCH = 100;

/**
 * Settles what a crash left behind. At start-up every `calling` row is reconciled (the MES
 * is asked whether its key took effect: yes -> recorded without a call, no -> called again
 * with the same key, unless the row's expiry has passed: then EXPIRED, never called); rows
 * whose outcome is `unknown` are asked about again on every sweep; afterwards a sweep does the same for rows whose lease ran out, and
 * re-sends ExecutionRecords that were stored but never reached the bus.
 */
@Injectable()
export class Reconciler {
  private readonly leaseMs: number;

  constructor(
    private readonly executions: ExecutionRepository,
    private readonly runner: ExecutionRunner,
    private readonly executor: DecisionExecutor,
    private readonly metrics: WritebackMetrics,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    @Inject(WRITEBACK_OWNER) private readonly owner: string,
    @Inject(WRITEBACK_CONFIG) private readonly config: WritebackSettings,
  ) {
    this.leaseMs = config.WRITEBACK_LEASE_MS;
  }

  /**
   * Every row in `calling`, whoever holds it: a row held by a live instance may get a
   * second request, which the MES answers from its key without a second effect.
   */
  async onStartup(): Promise<void> {
    await this.settle(await this.executions.calling(BATCH));
    await this.resolveUnknown();
    await this.flush();
    await this.executor.resumeStaleParked();
  }

  @Sweep((self: Reconciler) => ({ name: 'mes-writeback.reconcile', everyMs: self.config.WRITEBACK_SWEEP_MS }))
  async sweep(): Promise<void> {
    await this.settle(await this.executions.calling(BATCH, this.clock.now().getTime()));
    await this.resolveUnknown();
    await this.flush();
    await this.executor.resumeStaleParked();
  }

  private async settle(rows: Awaited<ReturnType<ExecutionRepository['calling']>>): Promise<void> {
    for (const row of rows) {
      const now = this.clock.now();
      const claimed = await this.executions.claim(row, this.owner, now.getTime() + this.leaseMs, now);
      if (!claimed) continue;
      try {
        await this.runner.run(claimed, { checkEffectFirst: true });
      } catch (err) {
        // The MES or the bus is unreachable: the row stays `calling` for the next sweep.
        this.metrics.reconcile('failed');
        this.log.warn({ err, actionId: row.actionId }, 'could not reconcile execution; will retry');
      }
    }
  }

  /** Outcomes recorded as unknown: the MES is asked again; an answer settles them, none leaves them unknown. */
  private async resolveUnknown(): Promise<void> {
    for (const row of await this.executions.unknown(BATCH)) {
      const now = this.clock.now();
      const claimed = await this.executions.claim(row, this.owner, now.getTime() + this.leaseMs, now);
      if (!claimed) continue;
      try {
        await this.runner.resolveUnknown(claimed);
      } catch (err) {
        this.metrics.reconcile('failed');
        this.log.warn({ err, actionId: row.actionId }, 'MES outcome still unknown; will ask again');
      }
    }
  }

  private async flush(): Promise<void> {
    for (const row of await this.executions.unpublished(BATCH)) {
      try {
        await this.runner.publish(row);
      } catch (err) {
        this.log.warn({ err, actionId: row.actionId }, 'execution record still not published; will retry');
      }
    }
  }
}
