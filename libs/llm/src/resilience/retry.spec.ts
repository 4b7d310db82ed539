import { ProviderError, ProviderTimeoutError } from './errors';
import { isRetryableError, withTimeout } from './retry';

describe('isRetryableError', () => {
  it('retries time-outs and errors the provider marked retryable, nothing else', () => {
    expect(isRetryableError(new ProviderTimeoutError(5))).toBe(true);
    expect(isRetryableError(new ProviderError('503', true, 503))).toBe(true);
    expect(isRetryableError(new ProviderError('400', false, 400))).toBe(false);
    expect(isRetryableError(new Error('bug'))).toBe(false);
  });
});

describe('withTimeout', () => {
  it('aborts the signal and rejects with ProviderTimeoutError', async () => {
    let aborted = false;
    const slow = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        setTimeout(() => resolve('late'), 200);
      });
    await expect(withTimeout(slow, 20)).rejects.toBeInstanceOf(ProviderTimeoutError);
    expect(aborted).toBe(true);
  });

  it('passes a fast result through', async () => {
    await expect(withTimeout(async () => 'fast', 1_000)).resolves.toBe('fast');
  });
});
