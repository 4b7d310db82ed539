import type { Metrics } from '@andon/observability';

/** Prometheus series of the audit ledger. */
export class LedgerMetrics {
  private readonly appends;
  private readonly duplicates;
  private readonly contention;
  private readonly head;
  private readonly verifications;

  constructor(metrics: Metrics) {
    this.appends = metrics.counter('andon_ledger_appends_total', 'Entries appended to the hash chain', ['kind']);
    this.duplicates = metrics.counter('andon_ledger_duplicates_total', 'Source events delivered again and not appended twice', ['topic']);
    this.contention = metrics.counter('andon_ledger_contention_total', 'Appends that lost their seq to another writer');
    this.head = metrics.gauge('andon_ledger_head_seq', 'Highest seq this instance appended');
    this.verifications = metrics.counter('andon_ledger_verifications_total', 'Chain verifications by result', ['result']);
  }

  appended(kind: string, seq: number): void {
    this.appends.inc({ kind });
    this.head.set(seq);
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
