import type { Metrics } from '@andon/observability';

/** Prometheus series of the audit ledger. */
export class LedgerMetrics {
  private readonly appends;
  private readonly duplicates;
  private readonly contention;
  private readonly head;
  private readonly verifications;
  private readonly toOutput;

  constructor(metrics: Metrics) {
    this.appends = metrics.counter('andon_ledger_appends_total', 'Entries appended to the hash chain', ['kind']);
    this.duplicates = metrics.counter('andon_ledger_duplicates_total', 'Source events delivered again and not appended twice', ['topic']);
    this.contention = metrics.counter('andon_ledger_contention_total', 'Appends that lost their seq to another writer');
    this.head = metrics.gauge('andon_ledger_head_seq', 'Highest seq this instance appended');
    this.toOutput = metrics.histogram(
      'andon_time_to_output_seconds',
      'Seconds from the triggering plant event to an agent output recorded in the ledger (time to triage for NCR_TRIAGE)',
      ['output'],
      [5, 15, 30, 60, 120, 300, 900, 1_800, 3_600, 14_400],
    );
    this.verifications = metrics.counter('andon_ledger_verifications_total', 'Chain verifications by result', ['result']);
  }

  appended(kind: string, seq: number): void {
    this.appends.inc({ kind });
    this.head.set(seq);
  }

  timeToOutput(output: string, minutes: number): void {
    this.toOutput.observe({ output }, Math.max(0, minutes * 60));
  }

  duplicate(topic: string): void {
    this.duplicates.inc({ topic });
  }

  lostRace(): void {
    this.contention.inc();
  }

  verified(ok: boolean): void {
    this.verifications.inc({ result: ok ? 'intact' : 'broken' });
  }
}
