import { ProviderError, ProviderTimeoutError } from './errors';
import { withRetry, withTimeout } from './retry';

const noSleep = () => Promise.resolve();

describe('withRetry', () => {
  it('retries retryable errors up to the limit, then throws the last one', async () => {
    const fn = jest.fn(async () => {
      throw new ProviderError('503', true, 503);
    });
    await expect(withRetry(fn, { retries: 2, baseDelayMs: 10, sleep: noSleep })).rejects.toThrow('503');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('does not retry a non-retryable error', async () => {
    const fn = jest.fn(async () => {
      throw new ProviderError('400', false, 400);
    });
    await expect(withRetry(fn, { retries: 5, baseDelayMs: 10, sleep: noSleep })).rejects.toThrow('400');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new ProviderTimeoutError(5);
        return 'done';
      },
      { retries: 3, baseDelayMs: 1, sleep: noSleep },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
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
