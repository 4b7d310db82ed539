import type { Logger } from '@andon/observability';
import type { IdempotencyStore } from './idempotency/idempotency-store.port';

/**
 * The event bus port. Payload-agnostic: a message is bytes plus string headers; callers
 * encode (protobuf via @andon/contracts) and decode. Both adapters (Kafka via kafkajs,
 * in-process) implement exactly these semantics and pass one shared contract suite
 * (`src/contract/`). docs/adr/0004-event-bus.md states what is guaranteed.
 */

export type MessageHeaders = Readonly<Record<string, string>>;
/** Older name of MessageHeaders, kept for existing importers (it shadows the DOM `Headers`). */
export type Headers = MessageHeaders;

export interface OutgoingMessage {
  topic: string;
  /** Messages with the same key land on the same partition, in publish order. */
  key?: string | null;
  value: Uint8Array;
  headers?: MessageHeaders;
  /** Overrides key-based partitioning; rarely what you want. */
  partition?: number;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  /** Broker topic configs, e.g. `{ 'retention.ms': '604800000' }`. */
  configEntries?: Readonly<Record<string, string>>;
}

export interface RetryPolicy {
  /** Total handler invocations per message, first one included (>= 1). */
  attempts: number;
  /** Delay before the second attempt; doubles (times `factor`) for each further one. */
  baseDelayMs: number;
  maxDelayMs?: number;
  factor?: number;
  /** 0..1: share of each delay that is randomised, to spread retries of many consumers. */
  jitter?: number;
}

/** What a handler knows about the record it is given. */
export interface MessageContext {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit; kept as a decimal string. */
  offset: string;
  key: string | null;
  headers: MessageHeaders;
  /** Milliseconds since the epoch, as set by the producer or broker. */
  timestamp: number;
  eventId: string | undefined;
  correlationId: string | undefined;
  groupId: string;
  /** 1 for the first delivery attempt in this consumer, then 2, 3, ... on retries. */
  attempt: number;
  /** Child logger carrying topic, partition, offset, event id and correlation id. */
  log: Logger;
  /** Long handlers call this so the group does not consider the consumer dead. */
  heartbeat(): Promise<void>;
  /**
   * Aborted when this consumer is giving the message up (closing, or in-process losing the
   * partition to a rebalance); long handlers may stop early and throw. The message is then
   * redelivered, not committed.
   */
  signal: AbortSignal;
}

export type MessageHandler = (value: Uint8Array, ctx: MessageContext) => Promise<void>;

/** One record of a batch: its bytes and the context its per-record handling would get. */
export interface BatchItem {
  value: Uint8Array;
  ctx: MessageContext;
}

/** What a batch handler knows about its batch (all records of one topic-partition). */
export interface BatchContext {
  topic: string;
  partition: number;
  groupId: string;
  log: Logger;
  heartbeat(): Promise<void>;
  signal: AbortSignal;
  /**
   * Builds the dead letter of one item in the bus's DLQ format, for the handler to publish
   * with its other output; it is counted as dead-lettered once the handler resolves.
   */
  deadLetter(item: BatchItem, error: unknown): OutgoingMessage;
}

/**
 * Handles consecutive records of one partition, in offset order. Resolving means every
 * item is durably done (published, dead-lettered via `ctx.deadLetter`, ...); only then is
 * the batch committed. Throwing makes the bus handle each record again with the per-record
 * `handler`, retries and dead letters included.
 */
export type BatchHandler = (batch: readonly BatchItem[], ctx: BatchContext) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: readonly string[];
  /** Handles one record; also the fallback when a batch handler fails. */
  handler: MessageHandler;
  /** Optional throughput path: a partition's available records handed over at once. */
  batchHandler?: BatchHandler;
  /** Most records per batch handler call. Default 500. */
  maxBatchSize?: number;
  /** Default: 5 attempts, 200 ms base delay, 30 s cap. */
  retry?: RetryPolicy;
  /** Where messages go after their retries are exhausted. Default `andon.dlq.v1`. */
  dlqTopic?: string;
  /** Where a group without committed offsets starts. Default true (earliest). */
  fromBeginning?: boolean;
  /** Dedupes by the event-id header across redeliveries. */
  idempotencyStore?: IdempotencyStore;
  /** Partitions handled concurrently by this subscriber; each partition stays sequential. */
  partitionsConsumedConcurrently?: number;
}

export interface Subscription {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Stops fetching, lets in-flight handlers finish, commits the offsets of exactly the
   * messages that were handled (or dead-lettered) and leaves the group. Idempotent.
   */
  close(): Promise<void>;
}

export interface EventBus {
  /** Creates missing topics; an existing topic is left as it is. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Partition count of a topic, or null when it does not exist. */
  partitionCount(topic: string): Promise<number | null>;
  /**
   * Resolves once every message is durably accepted (Kafka: acks=all). A rejected
   * publish may still have been written; callers retry and consumers dedupe by event id.
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Resolves once this member has joined its group and its start offsets are fixed. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** True when the bus can reach its backend (readiness probe). */
  ping(): Promise<boolean>;
  /** Closes every subscription (see Subscription.close), then the producer. */
  close(): Promise<void>;
}
