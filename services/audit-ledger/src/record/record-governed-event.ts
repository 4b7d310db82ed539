import { Injectable } from '@nestjs/common';
import { NonRetryableError } from '@andon/bus';
import { CanonicalizationError } from '@andon/governance/canonical';
import type { Logger } from '@andon/observability';
import { LedgerOutbox } from '../anchor/ledger-outbox';
import { LedgerMetrics } from '../ledger-metrics';
import { outputTiming } from '../roi/roi-report';
import { entryFor, isGovernedTopic } from './governed-events';
import { LedgerRecorder, sourceKeyOf, type RecordOutcome } from './ledger-recorder';
import type { EntryFields } from '../chain/chain-format';

export interface RecordContext {
  topic: string;
  partition: number;
  offset: string;
  eventId: string | undefined;
  correlationId: string | undefined;
  headers?: Readonly<Record<string, string>>;
}

/** The use case behind every governed topic: one ledger entry per source event. */
@Injectable()
export class RecordGovernedEvent {
  constructor(
    private readonly recorder: LedgerRecorder,
    private readonly metrics: LedgerMetrics,
    /** kicked after every append: it publishes the entry */
    private readonly outbox: LedgerOutbox,
  ) {}

  async handle(value: Uint8Array, ctx: RecordContext, log: Logger): Promise<void> {
    const { topic } = ctx;
    if (!isGovernedTopic(topic)) throw new NonRetryableError(`${topic} is not a governed topic`);
    let fields;
    try {
      fields = entryFor({ ...ctx, topic, value });
    } catch (err) {
      throw new NonRetryableError(`record on ${topic} cannot be recorded: ${(err as Error).message}`, {
        cause: err,
      });
    }
    let outcome;
    try {
      outcome = await this.recorder.record(sourceKeyOf(ctx), fields);
    } catch (err) {
      if (err instanceof CanonicalizationError) throw new NonRetryableError(err.message, { cause: err });
      throw err;
    }
    this.count(topic, fields, outcome, log);
  }

  /**
   * The throughput path: the records of one partition batch as one append. Anything
   * unusual (a record that cannot be recorded, a marker another instance holds) throws,
   * and the bus hands each record to handle() instead, which dead-letters or retries it.
   */
  async handleBatch(
    records: ReadonlyArray<{ value: Uint8Array; ctx: RecordContext }>,
    log: Logger,
  ): Promise<void> {
    const sources = records.map(({ value, ctx }) => {
      if (!isGovernedTopic(ctx.topic)) throw new NonRetryableError(`${ctx.topic} is not a governed topic`);
      return {
        topic: ctx.topic,
        sourceKey: sourceKeyOf(ctx),
        fields: entryFor({ ...ctx, topic: ctx.topic, value }),
      };
    });
    const outcomes = await this.recorder.recordBatch(sources);
    outcomes.forEach((outcome, i) => {
      const { topic, fields } = sources[i] as (typeof sources)[number];
      this.count(topic, fields, outcome, log);
    });
  }

  private count(topic: string, fields: EntryFields, outcome: RecordOutcome, log: Logger): void {
    if (outcome.result === 'duplicate') {
      this.metrics.duplicate(topic);
      log.debug({ subjectId: fields.subjectId }, 'already in the ledger');
      return;
    }
    this.metrics.appended(outcome.entry.kind, outcome.entry.seq);
    this.outbox.kick();
    const timing = outputTiming(fields.kind, fields.payload);
    if (timing) this.metrics.timeToOutput(timing.output, timing.minutes);
    log.debug(
      { seq: outcome.entry.seq, kind: outcome.entry.kind, subjectId: outcome.entry.subjectId },
      'recorded in the ledger',
    );
  }
}
