/**
 * Kafka record header names. Lower-case and `andon-` prefixed so they never collide with
 * headers added by connectors or tracing libraries. Headers duplicate envelope fields on
 * purpose: the bus can log, route and dead-letter a record without decoding it.
 */
export const HeaderNames = {
  EventId: 'andon-event-id',
  EventType: 'andon-event-type',
  CorrelationId: 'andon-correlation-id',
  CausationId: 'andon-causation-id',
  ContentType: 'content-type',
  SchemaVersion: 'andon-schema-version',
  SourceSystem: 'andon-source-system',
  Site: 'andon-site',
  ProducedBy: 'andon-produced-by',
  /** W3C trace context, so traces cross the bus. */
  TraceParent: 'traceparent',
  /** Handler attempts so far; set by the bus when it re-publishes for retry. */
  Attempt: 'andon-attempt',
  // Dead-letter headers; the same names libs/bus writes (bus-headers.ts).
  /** Short DeadLetterReason code, e.g. `retries_exhausted` (deadLetterReasonCode()). */
  DlqReason: 'andon-dlq-reason',
  DlqMessage: 'andon-dlq-message',
  DlqSourceTopic: 'andon-dlq-source-topic',
  DlqSourcePartition: 'andon-dlq-source-partition',
  DlqSourceOffset: 'andon-dlq-source-offset',
  DlqConsumerGroup: 'andon-dlq-consumer-group',
  DlqFailedAt: 'andon-dlq-failed-at',
  DlqAttempts: 'andon-dlq-attempts',
  DlqErrorName: 'andon-dlq-error-name',
} as const;

export type HeaderName = (typeof HeaderNames)[keyof typeof HeaderNames];

/** Values of the content-type header. */
export const ContentTypes = {
  Protobuf: 'application/x-protobuf',
  Json: 'application/json',
} as const;

export type ContentTypeValue = (typeof ContentTypes)[keyof typeof ContentTypes];
