import { WaitAbortedError, waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        return calls < 3 ? false : { calls };
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing probe as "not yet" and retries it', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 2) throw new Error('connection refused');
        return 'up';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('up');
  });

  it('keeps 0 and empty strings as answers (only undefined and false mean "not yet")', async () => {
    await expect(waitFor(() => 0, { timeoutMs: 50 })).resolves.toBe(0);
    await expect(waitFor(() => '', { timeoutMs: 50 })).resolves.toBe('');
  });

  it('times out naming the description and the last error', async () => {
    await expect(
      waitFor(() => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:1')), {
        timeoutMs: 60,
        intervalMs: 10,
        description: 'kafka to answer',
      }),
    ).rejects.toThrow(/waiting for kafka to answer; last error: Error: ECONNREFUSED 127\.0\.0\.1:1/);
  });

  it('stops at once on WaitAbortedError', async () => {
    let calls = 0;
    await expect(
      waitFor(
        () => {
          calls += 1;
          throw new WaitAbortedError('server exited');
        },
        { timeoutMs: 5_000, intervalMs: 1 },
      ),
    ).rejects.toThrow('server exited');
    expect(calls).toBe(1);
  });
});
