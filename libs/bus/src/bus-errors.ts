import { DLQ_REASONS } from './bus-headers';

/**
 * Thrown by a handler when retrying cannot help (undecodable payload, failed schema
 * validation): the message goes straight to the dead-letter topic.
 */
export class NonRetryableError extends Error {
  readonly reason: string;

  constructor(message: string, options: { reason?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NonRetryableError';
    this.reason = options.reason ?? DLQ_REASONS.nonRetryable;
  }
}

/** Any error with `retryable: false` is treated like a NonRetryableError. */
export function isNonRetryable(err: unknown): boolean {
  if (err instanceof NonRetryableError) return true;
  return typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false;
}

export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`Topic "${topic}" does not exist; create it with ensureTopics() first`);
    this.name = 'UnknownTopicError';
  }
}

/** The publish deadline passed; the message may still be written later. */
export class PublishTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Publish not acknowledged within ${timeoutMs} ms (it may still be written)`);
    this.name = 'PublishTimeoutError';
  }
}
