import { SetMetadata } from '@nestjs/common';
import type { RetryPolicy } from '../event-bus.port';
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

export interface SubscribeMetadata extends SubscribeDecoratorOptions {
  topics: readonly string[];
}

/**
 * Marks a provider method `(value: Uint8Array, ctx: MessageContext) => Promise<void>` as
 * a consumer of `topic(s)`. BusModule subscribes it at application bootstrap and closes
 * the subscription at shutdown.
 */
export function Subscribe(topic: string | readonly string[], options: SubscribeDecoratorOptions = {}): MethodDecorator {
  const topics = typeof topic === 'string' ? [topic] : [...topic];
  if (topics.length === 0) throw new Error('@Subscribe needs at least one topic');
  const metadata: SubscribeMetadata = { ...options, topics };
  return SetMetadata(SUBSCRIBE_METADATA, metadata);
}
