import { SetMetadata } from '@nestjs/common';
import type { BatchHandler, RetryPolicy, TopicSpec } from '../event-bus.port';
import type { IdempotencyStore } from '../idempotency/idempotency-store.port';
import { SUBSCRIBE_METADATA } from './bus.tokens';

export interface SubscribeDecoratorOptions {
  /** Defaults to BusModule.forRoot({ groupId }). */
  groupId?: string;
  retry?: RetryPolicy;
  dlqTopic?: string;
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Dedupe with the module's idempotency store (when one is configured). Default true. */
  idempotent?: boolean;
}

/**
 * A subscription whose topics, group or policy come from the provider's own config (read
 * when the application bootstraps, after the provider was built).
 */
export interface SubscribeSpec extends SubscribeDecoratorOptions {
  topics: readonly string[];
  /** The throughput path next to the decorated (per-record) method; see SubscribeOptions.batchHandler. */
  batchHandler?: BatchHandler;
  maxBatchSize?: number;
  /** Created (when missing) before this handler subscribes: what it consumes and what its use cases publish. */
  createTopics?: readonly TopicSpec[];
  /** This consumer's own dedupe store (instead of the module's). */
  idempotencyStore?: IdempotencyStore;
}

/** Reads a provider's subscription at bootstrap; null leaves the method unsubscribed (consuming switched off). */
export type SubscribeResolver<T = never> = (self: T) => SubscribeSpec | null;

export interface SubscribeMetadata extends SubscribeDecoratorOptions {
  topics: readonly string[];
  /** Set by the resolver form of @Subscribe; `topics` is empty then. */
  resolve?: SubscribeResolver<object>;
}

/**
 * Marks a provider method `(value: Uint8Array, ctx: MessageContext) => Promise<void>` as
 * a consumer of `topic(s)`. BusModule subscribes it at application bootstrap and closes
 * the subscription at shutdown. The resolver form `@Subscribe((self: Consumer) => ({ topics,
 * groupId }))` reads them from the instance (its injected config) at bootstrap.
 */
export function Subscribe(
  topic: string | readonly string[],
  options?: SubscribeDecoratorOptions,
): MethodDecorator;
export function Subscribe<T>(resolve: SubscribeResolver<T>): MethodDecorator;
export function Subscribe<T>(
  topic: string | readonly string[] | SubscribeResolver<T>,
  options: SubscribeDecoratorOptions = {},
): MethodDecorator {
  if (typeof topic === 'function') {
    const metadata: SubscribeMetadata = {
      topics: [],
      resolve: topic as unknown as SubscribeResolver<object>,
    };
    return SetMetadata(SUBSCRIBE_METADATA, metadata);
  }
  const topics = typeof topic === 'string' ? [topic] : [...topic];
  if (topics.length === 0) throw new Error('@Subscribe needs at least one topic');
  const metadata: SubscribeMetadata = { ...options, topics };
  return SetMetadata(SUBSCRIBE_METADATA, metadata);
}
