import { Injectable } from '@nestjs/common';
import { Metrics } from '@andon/observability';

/** Prometheus series of the write-back adapter; names are stable (dashboards and alerts use them). */
@Injectable()
export class WritebackMetrics {
  private readonly refusals;
  private readonly executions;
  private readonly failures;
  private readonly retries;
  private readonly reconciled;
  private readonly parked;
  private readonly callSeconds;
  private readonly unknown;

  constructor(metrics: Metrics) {
    this.refusals = metrics.counter(
      'andon_writeback_refusals_total',
      'Decisions the write-back adapter refused to execute',
      ['reason'],
    );
    this.executions = metrics.counter('andon_writeback_executions_total', 'Final execution outcomes', [
      'status',
    ]);
    this.failures = metrics.counter('andon_writeback_mes_failures_total', 'MES calls that failed for good', [
      'kind',
    ]);
    this.retries = metrics.counter('andon_writeback_mes_retries_total', 'MES call attempts after the first');
    this.reconciled = metrics.counter(
      'andon_writeback_reconciled_total',
      'Executions found in `calling` and settled',
      ['result'],
    );
    this.parked = metrics.counter(
      'andon_writeback_parked_decisions_total',
      'Decisions that arrived before their action',
    );
    this.unknown = metrics.counter(
      'andon_writeback_unknown_outcomes_total',
      'MES calls whose outcome could not be established (recorded as unknown until reconciled)',
    );
    this.callSeconds = metrics.histogram(
      'andon_writeback_mes_call_seconds',
      'Duration of one MES execution, retries included',
      [],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
  }

  refused(code: string): void {
    this.refusals.inc({ reason: code });
  }

  unknownOutcome(): void {
    this.unknown.inc();
  }

  executed(status: 'executed' | 'failed' | 'expired'): void {
    this.executions.inc({ status });
  }

  failed(kind: 'rejected_4xx' | 'retries_exhausted' | 'invalid_call'): void {
    this.failures.inc({ kind });
  }

  retried(): void {
    this.retries.inc();
  }

  reconcile(result: 'effect_found' | 'called_again' | 'expired' | 'no_effect' | 'failed'): void {
    this.reconciled.inc({ result });
  }

  parkedDecision(): void {
    this.parked.inc();
  }

  timeCall(): () => void {
    const end = this.callSeconds.startTimer();
    return () => {
      end();
    };
  }
}
