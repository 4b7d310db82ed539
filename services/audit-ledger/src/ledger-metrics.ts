import { Injectable } from '@nestjs/common';
import { Metrics } from '@andon/observability';

/** Prometheus series of the audit ledger. */
@Injectable()
export class LedgerMetrics {
  private readonly appends;
  private readonly duplicates;
  private readonly contention;
  private readonly head;
  private readonly verifications;
  private readonly toOutput;
  private readonly publishedEntries;
  private readonly publishedSeq;
  private readonly checkpointSeq;
  private readonly anchorProblems;

  constructor(metrics: Metrics) {
    this.appends = metrics.counter('andon_ledger_appends_total', 'Entries appended to the hash chain', [
      'kind',
    ]);
    this.duplicates = metrics.counter(
      'andon_ledger_duplicates_total',
      'Source events delivered again and not appended twice',
      ['topic'],
    );
    this.contention = metrics.counter(
      'andon_ledger_contention_total',
      'Appends that lost their seq to another writer',
    );
    this.head = metrics.gauge('andon_ledger_head_seq', 'Highest seq this instance appended');
    this.toOutput = metrics.histogram(
      'andon_time_to_output_seconds',
      'Seconds from the triggering plant event to an agent output recorded in the ledger (time to triage for NCR_TRIAGE)',
      ['output'],
      [5, 15, 30, 60, 120, 300, 900, 1_800, 3_600, 14_400],
    );
    this.verifications = metrics.counter(
      'andon_ledger_verifications_total',
      'Chain verifications by result',
      ['result'],
    );
    this.publishedEntries = metrics.counter(
      'andon_ledger_published_total',
      'Entries put on andon.ledger.entries.v1 (a replica may publish an entry again)',
    );
    this.publishedSeq = metrics.gauge(
      'andon_ledger_published_seq',
      'Highest seq on andon.ledger.entries.v1 as far as this instance knows',
    );
    this.checkpointSeq = metrics.gauge(
      'andon_ledger_checkpoint_seq',
      'Seq of the last checkpoint this instance signed',
    );
    this.anchorProblems = metrics.counter(
      'andon_ledger_anchor_problems_total',
      'Rounds in which the outbox refused to publish or checkpoint a chain that does not extend what was published or signed',
      ['stage'],
    );
  }

  published(count: number, seq: number): void {
    this.publishedEntries.inc({}, count);
    this.publishedSeq.set(seq);
  }

  checkpointed(seq: number): void {
    this.checkpointSeq.set(seq);
  }

  anchorProblem(stage: 'publish' | 'checkpoint'): void {
    this.anchorProblems.inc({ stage });
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

  verified(result: 'intact' | 'broken' | 'truncated' | 'diverged' | 'checkpoint_invalid'): void {
    this.verifications.inc({ result });
  }
}
