/**
 * Header names the bus reads and writes. The contracts lib may re-export these so
 * producers set them without depending on the bus internals.
 */
export const BUS_HEADERS = {
  /** Unique per event; the idempotency store dedupes on it. */
  eventId: 'andon-event-id',
  /** Carried from the request that caused the event through every derived event. */
  correlationId: 'andon-correlation-id',
} as const;

/** Added to a dead-lettered message next to its original headers. */
export const DLQ_HEADERS = {
  reason: 'andon-dlq-reason',
  message: 'andon-dlq-message',
  sourceTopic: 'andon-dlq-source-topic',
  sourcePartition: 'andon-dlq-source-partition',
  sourceOffset: 'andon-dlq-source-offset',
  consumerGroup: 'andon-dlq-consumer-group',
  failedAt: 'andon-dlq-failed-at',
  attempts: 'andon-dlq-attempts',
  errorName: 'andon-dlq-error-name',
} as const;

export const DEFAULT_DLQ_TOPIC = 'andon.dlq.v1';

/** Reason codes the bus itself assigns; a NonRetryableError may carry its own. */
export const DLQ_REASONS = {
  retriesExhausted: 'retries_exhausted',
  nonRetryable: 'non_retryable',
} as const;
