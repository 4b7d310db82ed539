import type { Logger } from '@andon/observability';
import { Sweep } from '@andon/service-kit';
import type { DecisionExecutor } from '../execute/decision-executor';
import type { ExecutionRepository } from '../execute/execution.repository';
import type { ExecutionRunner } from '../execute/execution-runner';
import type { WritebackMetrics } from '../execute/writeback-metrics';

export interface ReconcilerDeps {
  executions: ExecutionRepository;
  runner: ExecutionRunner;
  executor: DecisionExecutor;
  metrics: WritebackMetrics;
  log: Logger;
  now: () => Date;
  owner: string;
  leaseMs: number;
  /** How often the sweep runs in a service (WRITEBACK_SWEEP_MS). */
  sweepMs: number;
}

const BATCH = 100;

/**
 * Settles what a crash left behind. At start-up every `calling` row is reconciled (the MES
 * is asked whether its key took effect: yes -> recorded without a call, no -> called again
 * with the same key, unless the row's expiry has passed: then EXPIRED, never called); rows
 * whose outcome is `unknown` are asked about again on every sweep; afterwards a sweep does the same for rows whose lease ran out, and
 * re-sends ExecutionRecords that were stored but never reached the bus.
 */
export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  /**
   * Every row in `calling`, whoever holds it: a row held by a live instance may get a
   * second request, which the MES answers from its key without a second effect.
   */
  async onStartup(): Promise<void> {
    await this.settle(await this.deps.executions.calling(BATCH));
    await this.resolveUnknown();
    await this.flush();
    await this.deps.executor.resumeStaleParked();
  }

  @Sweep((self: Reconciler) => ({ name: 'mes-writeback.reconcile', everyMs: self.deps.sweepMs }))
  async sweep(): Promise<void> {
    await this.settle(await this.deps.executions.calling(BATCH, this.deps.now().getTime()));
    await this.resolveUnknown();
    await this.flush();
    await this.deps.executor.resumeStaleParked();
  }

  private async settle(rows: Awaited<ReturnType<ExecutionRepository['calling']>>): Promise<void> {
    for (const row of rows) {
      const now = this.deps.now();
      const claimed = await this.deps.executions.claim(
        row,
        this.deps.owner,
        now.getTime() + this.deps.leaseMs,
        now,
      );
      if (!claimed) continue;
      try {
        await this.deps.runner.run(claimed, { checkEffectFirst: true });
      } catch (err) {
        // The MES or the bus is unreachable: the row stays `calling` for the next sweep.
        this.deps.metrics.reconcile('failed');
        this.deps.log.warn({ err, actionId: row.actionId }, 'could not reconcile execution; will retry');
      }
    }
  }

  /** Outcomes recorded as unknown: the MES is asked again; an answer settles them, none leaves them unknown. */
  private async resolveUnknown(): Promise<void> {
    for (const row of await this.deps.executions.unknown(BATCH)) {
      const now = this.deps.now();
      const claimed = await this.deps.executions.claim(
        row,
        this.deps.owner,
        now.getTime() + this.deps.leaseMs,
        now,
      );
      if (!claimed) continue;
      try {
        await this.deps.runner.resolveUnknown(claimed);
      } catch (err) {
        this.deps.metrics.reconcile('failed');
        this.deps.log.warn({ err, actionId: row.actionId }, 'MES outcome still unknown; will ask again');
      }
    }
  }

  private async flush(): Promise<void> {
    for (const row of await this.deps.executions.unpublished(BATCH)) {
      try {
        await this.deps.runner.publish(row);
      } catch (err) {
        this.deps.log.warn(
          { err, actionId: row.actionId },
          'execution record still not published; will retry',
        );
      }
    }
  }
}
