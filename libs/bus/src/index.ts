export type {
  BatchContext,
  BatchHandler,
  BatchItem,
  EventBus,
  MessageHeaders,
  Headers,
  MessageContext,
  MessageHandler,
  OutgoingMessage,
  RetryPolicy,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from './event-bus.port';
export { BUS_HEADERS, DLQ_HEADERS, DLQ_REASONS, DEFAULT_DLQ_TOPIC } from './bus-headers';
export { NonRetryableError, PublishTimeoutError, UnknownTopicError, isNonRetryable } from './bus-errors';
export type { IdempotencyStore } from './idempotency/idempotency-store.port';
export { InMemoryIdempotencyStore } from './idempotency/in-memory-idempotency.store';
export { partitionForKey } from './partitioner/key-partitioner';
export { DEFAULT_RETRY_POLICY } from './processing/retry-policy';
export { InProcessEventBus, type InProcessEventBusOptions } from './in-process/in-process-event-bus';
export { KafkaEventBus } from './kafka/kafka-event-bus';
export type { KafkaEventBusOptions } from './kafka/kafka-options';
export { SqliteEventBus, type SqliteEventBusOptions, type GroupLag } from './sqlite/sqlite-event-bus';
export type { RetentionLoss, RetentionHold } from './sqlite/sqlite-retention';
export { EmbeddedBusInspector, type InspectedRecord } from './sqlite/embedded-bus-inspector';
export {
  createEventBus,
  embeddedBusFile,
  BUS_SQLITE_FILE_NAME,
  type EmbeddedBusKind,
  type EventBusConfig,
  type EventBusDeps,
} from './create-event-bus';
export { BusModule } from './nest/bus.module';
export type { BusModuleOptions } from './nest/bus-module.options';
export {
  Subscribe,
  type SubscribeDecoratorOptions,
  type SubscribeSpec,
  type SubscribeResolver,
} from './nest/subscribe.decorator';
export { EVENT_BUS } from './nest/bus.tokens';
export { traceEventBus } from './tracing/trace-event-bus';
