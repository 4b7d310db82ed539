import { messageLogger, type Logger } from '@andon/observability';
import { BUS_HEADERS } from '../bus-headers';
import { isNonRetryable } from '../bus-errors';
import type {
  BatchHandler,
  BatchItem,
  MessageContext,
  MessageHandler,
  OutgoingMessage,
  RetryPolicy,
} from '../event-bus.port';
import type { IdempotencyStore } from '../idempotency/idempotency-store.port';
import type { BusMetrics } from './bus-metrics';
import { deadLetterMessage, dlqReason } from './dead-letter';
import type { InboundRecord } from './inbound-record';
import { abortableDelay, backoffDelay } from './retry-policy';

/**
 * processed / duplicate / dead-lettered: the adapter may commit the offset.
 * aborted: the subscription is closing mid-retry; the offset must NOT be committed.
 */
export type ProcessOutcome = 'processed' | 'duplicate' | 'dead-lettered' | 'aborted';

export interface ProcessorDeps {
  groupId: string;
  handler: MessageHandler;
  batchHandler?: BatchHandler;
  retry: Required<RetryPolicy>;
  dlqTopic: string;
  idempotencyStore: IdempotencyStore | undefined;
  /** Must resolve only once the dead letter is durably written. */
  publishDeadLetter(message: OutgoingMessage): Promise<void>;
  logger: Logger;
  metrics: BusMetrics;
}

export interface ProcessControl {
  signal: AbortSignal;
  heartbeat(): Promise<void>;
}

/**
 * The consume-side semantics both adapters share: dedupe by event id, bounded retries
 * with exponential backoff, dead-letter after the last attempt or a non-retryable error.
 * Retries happen in place, so a failing message holds back its partition (and keeps
 * per-key order) for at most the retry budget.
 */
export class MessageProcessor {
  constructor(private readonly deps: ProcessorDeps) {}

  get batched(): boolean {
    return this.deps.batchHandler !== undefined;
  }

  process(record: InboundRecord, control: ProcessControl): Promise<ProcessOutcome> {
    this.deps.metrics.onConsumed(record.topic, this.deps.groupId);
    return this.processCounted(record, control);
  }

  /**
   * Consecutive records of one partition through the batch handler (records already
   * processed per the idempotency store are skipped first). Returns how many leading
   * records may be committed: all of them, or fewer when the subscription is closing.
   * A failed batch is handled again record by record, retries and dead letters included.
   */
  async processBatch(records: readonly InboundRecord[], control: ProcessControl): Promise<number> {
    const batchHandler = this.deps.batchHandler;
    if (!batchHandler) return this.processEach(records, control, false);
    const { groupId, idempotencyStore, metrics } = this.deps;
    const items: BatchItem[] = [];
    const fresh = new Map<BatchItem, InboundRecord>();
    const inBatch = new Set<string>();
    for (const record of records) {
      metrics.onConsumed(record.topic, groupId);
      const eventId = record.headers[BUS_HEADERS.eventId];
      if (
        eventId !== undefined &&
        (inBatch.has(eventId) || (idempotencyStore && (await idempotencyStore.seen(groupId, eventId))))
      ) {
        metrics.onDuplicate(record.topic, groupId);
        continue;
      }
      if (eventId !== undefined && idempotencyStore) inBatch.add(eventId);
      const item = { value: record.value, ctx: this.context(record, control, 1) };
      items.push(item);
      fresh.set(item, record);
    }
    if (items.length === 0) return records.length;

    const { topic, partition } = records[0];
    const log = this.deps.logger.child({
      group: groupId,
      topic,
      partition,
      firstOffset: records[0].offset,
      size: items.length,
    });
    const deadLettered = new Map<BatchItem, string>();
    const stopTimer = metrics.startHandlerTimer(topic, groupId);
    try {
      await batchHandler(items, {
        topic,
        partition,
        groupId,
        log,
        heartbeat: control.heartbeat,
        signal: control.signal,
        deadLetter: (item, error) => {
          const record = fresh.get(item);
          if (!record) throw new Error('deadLetter() called with an item that is not part of this batch');
          deadLettered.set(item, dlqReason(error));
          return deadLetterMessage(this.deps.dlqTopic, record, {
            error,
            attempts: 1,
            groupId,
            failedAt: new Date(),
          });
        },
      });
    } catch (err) {
      if (control.signal.aborted) {
        log.info('closing during a batch; batch left uncommitted for redelivery');
        return 0;
      }
      log.warn({ err }, 'batch handler failed; handling its records one by one');
      return this.processEach(records, control, true);
    } finally {
      stopTimer();
    }
    for (const item of items) {
      const record = fresh.get(item) as InboundRecord;
      const reason = deadLettered.get(item);
      if (reason !== undefined) {
        metrics.onDeadLettered(record.topic, groupId, reason);
        continue;
      }
      if (idempotencyStore && item.ctx.eventId !== undefined)
        await idempotencyStore.markProcessed(groupId, item.ctx.eventId);
      metrics.onProcessed(record.topic, groupId);
    }
    return records.length;
  }

  private async processEach(
    records: readonly InboundRecord[],
    control: ProcessControl,
    counted: boolean,
  ): Promise<number> {
    for (let i = 0; i < records.length; i++) {
      const outcome = counted
        ? await this.processCounted(records[i], control)
        : await this.process(records[i], control);
      if (outcome === 'aborted') return i;
    }
    return records.length;
  }

  /** The record's child logger, built on first use: most records never log, and pino children are not free. */
  private lazyLog(record: InboundRecord): () => Logger {
    let log: Logger | undefined;
    return () => {
      if (!log) {
        const { topic, partition, offset, key } = record;
        const eventId = record.headers[BUS_HEADERS.eventId];
        const correlationId = record.headers[BUS_HEADERS.correlationId];
        log = messageLogger(this.deps.logger, { topic, partition, offset, eventId, correlationId }).child({
          group: this.deps.groupId,
          key,
        });
      }
      return log;
    };
  }

  private context(
    record: InboundRecord,
    control: ProcessControl,
    attempt: number,
    log = this.lazyLog(record),
  ): MessageContext {
    return {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      headers: record.headers,
      timestamp: record.timestamp,
      eventId: record.headers[BUS_HEADERS.eventId],
      correlationId: record.headers[BUS_HEADERS.correlationId],
      groupId: this.deps.groupId,
      attempt,
      get log() {
        return log();
      },
      heartbeat: control.heartbeat,
      signal: control.signal,
    };
  }

  private async processCounted(record: InboundRecord, control: ProcessControl): Promise<ProcessOutcome> {
    const { groupId, idempotencyStore, metrics } = this.deps;
    const eventId = record.headers[BUS_HEADERS.eventId];
    const lazyLog = this.lazyLog(record);

    if (idempotencyStore && eventId !== undefined && (await idempotencyStore.seen(groupId, eventId))) {
      metrics.onDuplicate(record.topic, groupId);
      lazyLog().debug('skipping already processed event');
      return 'duplicate';
    }

    let attempt = 1;
    for (;;) {
      const ctx = this.context(record, control, attempt, lazyLog);
      const stopTimer = metrics.startHandlerTimer(record.topic, groupId);
      let failure: { error: unknown } | undefined;
      try {
        await this.deps.handler(record.value, ctx);
      } catch (error) {
        failure = { error };
      } finally {
        stopTimer();
      }

      if (!failure) {
        if (idempotencyStore && eventId !== undefined) await idempotencyStore.markProcessed(groupId, eventId);
        metrics.onProcessed(record.topic, groupId);
        return 'processed';
      }

      const { error } = failure;
      if (isNonRetryable(error) || attempt >= this.deps.retry.attempts) {
        return this.deadLetter(record, error, attempt, lazyLog());
      }
      const delay = backoffDelay(this.deps.retry, attempt);
      lazyLog().warn({ err: error, attempt, delayMs: delay }, 'handler failed, retrying');
      metrics.onRetried(record.topic, groupId);
      if (!(await abortableDelay(delay, control.signal))) {
        lazyLog().info({ attempt }, 'closing during retry backoff; message left uncommitted for redelivery');
        return 'aborted';
      }
      await control.heartbeat();
      attempt += 1;
    }
  }

  private async deadLetter(
    record: InboundRecord,
    error: unknown,
    attempts: number,
    log: Logger,
  ): Promise<ProcessOutcome> {
    const { groupId, dlqTopic, metrics } = this.deps;
    const reason = dlqReason(error);
    await this.deps.publishDeadLetter(
      deadLetterMessage(dlqTopic, record, { error, attempts, groupId, failedAt: new Date() }),
    );
    metrics.onDeadLettered(record.topic, groupId, reason);
    // Bad input rejected on sight is routine (warn, no stack); a handler that kept failing
    // through its retries is an error someone must look at.
    if (isNonRetryable(error)) {
      log.warn(
        { reason, dlqTopic, error: error instanceof Error ? error.message : String(error) },
        'message dead-lettered',
      );
    } else {
      log.error({ err: error, attempts, reason, dlqTopic }, 'message dead-lettered after retries');
    }
    return 'dead-lettered';
  }
}
