import { ProviderError, ProviderTimeoutError } from './errors';

/** Whether another try may help: time-outs and errors the provider marked retryable. */
export function isRetryableError(err: unknown): boolean {
  if (err instanceof ProviderTimeoutError) return true;
  if (err instanceof ProviderError) return err.retryable;
  return false;
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
