import { abortableDelay, backoffDelay, resolveRetryPolicy } from './retry-policy';

describe('retry policy', () => {
  it('doubles the delay per failed attempt up to the cap', () => {
    const policy = resolveRetryPolicy({ attempts: 6, baseDelayMs: 100, maxDelayMs: 500 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).toEqual([100, 200, 400, 500, 500]);
  });

  it('applies the factor and keeps jittered delays within [(1-j)d, d]', () => {
    const policy = resolveRetryPolicy({ attempts: 3, baseDelayMs: 100, factor: 3, jitter: 0.5 });
    expect(backoffDelay(policy, 2, () => 0)).toBe(300);
    expect(backoffDelay(policy, 2, () => 1)).toBe(150);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(225);
  });

  it('fills defaults and rejects nonsense', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      attempts: 5,
      baseDelayMs: 200,
      maxDelayMs: 30_000,
      factor: 2,
      jitter: 0,
    });
    expect(() => resolveRetryPolicy({ attempts: 0, baseDelayMs: 1 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ attempts: 2, baseDelayMs: 1, jitter: 2 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ attempts: 2, baseDelayMs: 1, factor: 0.5 })).toThrow(RangeError);
  });

  it('cuts a delay short when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = abortableDelay(10_000, controller.signal);
    controller.abort();
    expect(await pending).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await abortableDelay(1, new AbortController().signal)).toBe(true);
  });
});
