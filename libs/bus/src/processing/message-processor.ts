import { messageLogger, type Logger } from '@andon/observability';
import { BUS_HEADERS } from '../bus-headers';
import { isNonRetryable } from '../bus-errors';
import type { MessageHeaders, MessageContext, MessageHandler, OutgoingMessage, RetryPolicy } from '../event-bus.port';
import type { IdempotencyStore } from '../idempotency/idempotency-store.port';
import type { BusMetrics } from './bus-metrics';
import { deadLetterMessage, dlqReason } from './dead-letter';
import { abortableDelay, backoffDelay } from './retry-policy';

/** One consumed record, adapter-neutral. */
export interface InboundRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Uint8Array;
  headers: MessageHeaders;
  timestamp: number;
}

/**
 * processed / duplicate / dead-lettered: the adapter may commit the offset.
 * aborted: the subscription is closing mid-retry; the offset must NOT be committed.
 */
export type ProcessOutcome = 'processed' | 'duplicate' | 'dead-lettered' | 'aborted';

export interface ProcessorDeps {
  groupId: string;
  handler: MessageHandler;
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

  async process(record: InboundRecord, control: ProcessControl): Promise<ProcessOutcome> {
    const { groupId, idempotencyStore, metrics } = this.deps;
    const eventId = record.headers[BUS_HEADERS.eventId];
    const correlationId = record.headers[BUS_HEADERS.correlationId];
    const { topic, partition, offset, key } = record;
    const log = messageLogger(this.deps.logger, { topic, partition, offset, eventId, correlationId }).child({
      group: groupId,
      key,
    });
    metrics.onConsumed(record.topic, groupId);

    if (idempotencyStore && eventId !== undefined && (await idempotencyStore.seen(groupId, eventId))) {
      metrics.onDuplicate(record.topic, groupId);
      log.debug('skipping already processed event');
      return 'duplicate';
    }

    let attempt = 1;
    for (;;) {
      const ctx: MessageContext = {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        headers: record.headers,
        timestamp: record.timestamp,
        eventId,
        correlationId,
        groupId,
        attempt,
        log,
        heartbeat: control.heartbeat,
        signal: control.signal,
      };
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
        return this.deadLetter(record, error, attempt, log);
      }
      const delay = backoffDelay(this.deps.retry, attempt);
      log.warn({ err: error, attempt, delayMs: delay }, 'handler failed, retrying');
      metrics.onRetried(record.topic, groupId);
      if (!(await abortableDelay(delay, control.signal))) {
        log.info({ attempt }, 'closing during retry backoff; message left uncommitted for redelivery');
        return 'aborted';
      }
      await control.heartbeat();
      attempt += 1;
    }
  }

  private async deadLetter(record: InboundRecord, error: unknown, attempts: number, log: Logger): Promise<ProcessOutcome> {
    const { groupId, dlqTopic, metrics } = this.deps;
    const reason = dlqReason(error);
    await this.deps.publishDeadLetter(
      deadLetterMessage(dlqTopic, record, { error, attempts, groupId, failedAt: new Date() }),
    );
    metrics.onDeadLettered(record.topic, groupId, reason);
    // Bad input rejected on sight is routine (warn, no stack); a handler that kept failing
    // through its retries is an error someone must look at.
    if (isNonRetryable(error)) {
      log.warn({ reason, dlqTopic, error: error instanceof Error ? error.message : String(error) }, 'message dead-lettered');
    } else {
      log.error({ err: error, attempts, reason, dlqTopic }, 'message dead-lettered after retries');
    }
    return 'dead-lettered';
  }
}
