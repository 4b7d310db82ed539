import {
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  retry,
  type IRetryContext,
  type RetryPolicy,
} from 'cockatiel';
import type { RetrySettings } from './retry-settings';

export interface RetryHooks {
  /** Whether a thrown error is worth another try; anything else is thrown at once. */
  retryOn: (err: unknown) => boolean;
  /** Called before each retry: `attempt` is the try about to run (2 for the first retry). */
  onRetry?: (attempt: number, err: unknown, delayMs: number) => void;
}

/** Exponential backoff with full jitter from `baseDelayMs`, capped at `maxDelayMs`. */
export function retryPolicy(settings: RetrySettings, hooks: RetryHooks): RetryPolicy {
  const policy = retry(handleWhen(hooks.retryOn), {
    maxAttempts: settings.attempts - 1,
    backoff: new ExponentialBackoff({
      initialDelay: settings.baseDelayMs,
      maxDelay: settings.maxDelayMs,
      generator: fullJitterGenerator,
    }),
  });
  if (hooks.onRetry) {
    const onRetry = hooks.onRetry;
    policy.onRetry((event) =>
      onRetry(event.attempt + 1, 'error' in event ? event.error : event.value, event.delay),
    );
  }
  return policy;
}

/**
 * Runs `fn` under the policy; `fn` receives the try number counted from 1, the same
 * number the settings' `attempts` counts, so "attempt 3 of 3" means the last one.
 */
export function runWithRetry<T>(policy: RetryPolicy, fn: (attempt: number) => Promise<T>): Promise<T> {
  return policy.execute((ctx: IRetryContext) => fn(ctx.attempt + 1));
}
