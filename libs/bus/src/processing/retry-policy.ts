import type { RetryPolicy } from '../event-bus.port';

export const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicy>> = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0,
};

export function resolveRetryPolicy(policy: RetryPolicy | undefined): Required<RetryPolicy> {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...policy };
  if (!Number.isInteger(resolved.attempts) || resolved.attempts < 1) {
    throw new RangeError(`retry.attempts must be an integer >= 1, got ${resolved.attempts}`);
  }
  if (resolved.baseDelayMs < 0 || resolved.maxDelayMs < 0) throw new RangeError('retry delays must be >= 0');
  if (resolved.factor < 1) throw new RangeError('retry.factor must be >= 1');
  if (resolved.jitter < 0 || resolved.jitter > 1) throw new RangeError('retry.jitter must be within 0..1');
  return resolved;
}

/**
 * Delay before attempt `failedAttempt + 1`: base * factor^(failedAttempt-1), capped.
 * With jitter j, the delay is drawn from [(1-j)*d, d] so it never exceeds the cap.
 */
export function backoffDelay(
  policy: Required<RetryPolicy>,
  failedAttempt: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * policy.factor ** Math.max(0, failedAttempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/** Resolves after `ms`, or early with `false` when the signal aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Most records handed to one batch handler call unless a subscription says otherwise. */
export const DEFAULT_MAX_BATCH_SIZE = 500;
