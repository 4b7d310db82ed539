import type { Logger, Metrics } from '@andon/observability';
import type { RetryOptions } from 'kafkajs';

export interface KafkaEventBusOptions {
  brokers: readonly string[];
  clientId?: string;
  logger?: Logger;
  metrics?: Metrics;
  /**
   * kafkajs idempotent producer (acks=all, one request in flight per broker, broker-side
   * dedupe of retried batches). Default true.
   */
  idempotentProducer?: boolean;
  /**
   * When idle, waits this long for more publish() calls before sending. Calls arriving while a
   * request is in flight always share the next request. Default 0.
   */
  lingerMs?: number;
  /** A lingering batch is sent as soon as it holds this many messages. Default 500. */
  maxBatchMessages?: number;
  /** publish() rejects with PublishTimeoutError after this long. Default 60 s. */
  publishTimeoutMs?: number;
  /** subscribe() rejects if the group is not joined within this long. Default 60 s. */
  joinTimeoutMs?: number;
  /** kafkajs's own log level (routed to pino). Default 'warn'; 'debug' when chasing a broker problem. */
  clientLogLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Overrides the retry schedule of the client, admin and consumers. */
  retry?: RetryOptions;
  consumer?: {
    sessionTimeoutMs?: number;
    heartbeatIntervalMs?: number;
    rebalanceTimeoutMs?: number;
    /** Longest a fetch waits for data; bounds how long close() waits for an idle fetch. */
    maxWaitTimeMs?: number;
    /** Commit resolved offsets at least this often during long batches. */
    autoCommitIntervalMs?: number;
  };
}

/**
 * About 50 s of retrying (300 ms doubling, capped at 5 s) before a kafkajs call gives up,
 * so a broker restart of 10-20 s is ridden out; consumers that still crash restart.
 */
export const DEFAULT_KAFKA_RETRY: Readonly<RetryOptions> = {
  initialRetryTime: 300,
  maxRetryTime: 5_000,
  retries: 12,
};

export const KAFKA_DEFAULTS = {
  clientId: 'andon',
  lingerMs: 0,
  maxBatchMessages: 500,
  publishTimeoutMs: 60_000,
  joinTimeoutMs: 60_000,
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxWaitTimeMs: 1_000,
  autoCommitIntervalMs: 5_000,
} as const;
