import { DLQ_HEADERS, DLQ_REASONS } from '../bus-headers';
import { NonRetryableError, isNonRetryable } from '../bus-errors';
import type { OutgoingMessage } from '../event-bus.port';
import type { InboundRecord } from './inbound-record';

const MAX_REASON_MESSAGE_LENGTH = 1_000;

export interface DeadLetterCause {
  error: unknown;
  attempts: number;
  groupId: string;
  failedAt: Date;
}

export function dlqReason(error: unknown): string {
  if (error instanceof NonRetryableError) return error.reason;
  return isNonRetryable(error) ? DLQ_REASONS.nonRetryable : DLQ_REASONS.retriesExhausted;
}

/**
 * The dead-lettered message keeps the original bytes, key and headers untouched, so it
 * can be replayed to its source topic as it was; the failure is described in added
 * `andon-dlq-*` headers.
 */
export function deadLetterMessage(
  dlqTopic: string,
  record: InboundRecord,
  cause: DeadLetterCause,
): OutgoingMessage {
  const error = cause.error;
  const text = error instanceof Error ? error.message : String(error);
  return {
    topic: dlqTopic,
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [DLQ_HEADERS.reason]: dlqReason(error),
      [DLQ_HEADERS.message]: text.slice(0, MAX_REASON_MESSAGE_LENGTH),
      [DLQ_HEADERS.errorName]: error instanceof Error ? error.name : typeof error,
      [DLQ_HEADERS.sourceTopic]: record.topic,
      [DLQ_HEADERS.sourcePartition]: String(record.partition),
      [DLQ_HEADERS.sourceOffset]: record.offset,
      [DLQ_HEADERS.consumerGroup]: cause.groupId,
      [DLQ_HEADERS.failedAt]: cause.failedAt.toISOString(),
      [DLQ_HEADERS.attempts]: String(cause.attempts),
    },
  };
}
