import { ProviderError, ProviderTimeoutError } from './errors';

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  baseDelayMs: number;
  isRetryable?: (err: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, err: unknown) => void;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function isRetryableError(err: unknown): boolean {
  if (err instanceof ProviderTimeoutError) return true;
  if (err instanceof ProviderError) return err.retryable;
  return false;
}

/** Exponential backoff with full jitter; gives up at once on errors that retrying cannot fix. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const retryable = options.isRetryable ?? isRetryableError;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= options.retries || !retryable(err)) throw err;
      options.onRetry?.(attempt + 1, err);
      await sleep(Math.round(Math.random() * options.baseDelayMs * 2 ** attempt));
    }
  }
}

/**
 * Runs `fn` with an AbortSignal that fires after `timeoutMs`; the provider client
 * cancels its HTTP request on abort, so a timed-out call does not keep a socket busy.
 */
export async function withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProviderTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
