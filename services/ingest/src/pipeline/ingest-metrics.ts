import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '@andon/observability';
import type { Counter } from 'prom-client';
import type { RejectionReason } from '../normalise/rejection';

export type Outcome = 'published' | 'deduped' | 'dead_lettered';

/** The counters ingest exposes on /metrics (beside the bus's own andon_bus_* series). */
@Injectable()
export class IngestMetrics {
  private readonly events: Counter<'outcome' | 'format'>;
  private readonly deadLetters: Counter<'reason'>;
  private readonly unmapped: Counter<'site' | 'kind'>;
  private readonly unknownUnits: Counter<string>;
  private readonly replayed: Counter<'reason'>;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.events = metrics.counter('andon_ingest_events_total', 'Raw inputs by final outcome', [
      'outcome',
      'format',
    ]);
    this.deadLetters = metrics.counter(
      'andon_ingest_dead_letters_total',
      'Raw inputs refused and dead-lettered, by reason',
      ['reason'],
    );
    this.unmapped = metrics.counter(
      'andon_ingest_unmapped_codes_total',
      'Site-local codes without a code map entry (published flagged)',
      ['site', 'kind'],
    );
    this.unknownUnits = metrics.counter(
      'andon_ingest_unknown_units_total',
      'Quantities whose unit is not in the conversion table (passed through)',
    );
    this.replayed = metrics.counter(
      'andon_ingest_dlq_replayed_total',
      'Dead letters re-submitted to their source topic',
      ['reason'],
    );
  }

  onOutcome(outcome: Outcome, format: string): void {
    this.events.inc({ outcome, format });
  }

  onDeadLetter(reason: RejectionReason): void {
    this.deadLetters.inc({ reason });
  }

  onUnmapped(site: string, kind: string): void {
    this.unmapped.inc({ site, kind });
  }

  onUnknownUnits(count: number): void {
    if (count > 0) this.unknownUnits.inc(count);
  }

  onReplayed(reason: string): void {
    this.replayed.inc({ reason });
  }
}
