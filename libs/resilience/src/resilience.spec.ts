import {
  breakerPolicy,
  circuitState,
  isCircuitOpen,
  retryPolicy,
  retrySettings,
  runWithRetry,
  type CircuitState,
} from './index';

const transient = new Error('503');
const permanent = new Error('400');
const retryOn = (err: unknown): boolean => err === transient;

describe('retryPolicy: attempts count every try, the first included', () => {
  it('tries exactly `attempts` times, then throws the last error', async () => {
    const tries: number[] = [];
    const policy = retryPolicy(retrySettings({ attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }), { retryOn });
    await expect(
      runWithRetry(policy, async (attempt) => {
        tries.push(attempt);
        throw transient;
      }),
    ).rejects.toBe(transient);
    expect(tries).toEqual([1, 2, 3]);
  });

  it('attempts: 1 never retries', async () => {
    let calls = 0;
    const policy = retryPolicy({ attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, { retryOn });
    await expect(runWithRetry(policy, async () => Promise.reject(((calls += 1), transient)))).rejects.toBe(
      transient,
    );
    expect(calls).toBe(1);
  });

  it('throws an error it may not retry at once', async () => {
    let calls = 0;
    const policy = retryPolicy({ attempts: 5, baseDelayMs: 1, maxDelayMs: 1 }, { retryOn });
    await expect(runWithRetry(policy, async () => Promise.reject(((calls += 1), permanent)))).rejects.toBe(
      permanent,
    );
    expect(calls).toBe(1);
  });

  it('reports each retry with the number of the try about to run and returns the first success', async () => {
    const retries: Array<[number, unknown]> = [];
    const policy = retryPolicy(
      { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 },
      {
        retryOn,
        onRetry: (attempt, err, delay) =>
          retries.push([attempt, err]) && expect(delay).toBeLessThanOrEqual(4),
      },
    );
    const result = await runWithRetry(policy, async (attempt) => {
      if (attempt < 3) throw transient;
      return `done on ${attempt}`;
    });
    expect(result).toBe('done on 3');
    expect(retries).toEqual([
      [2, transient],
      [3, transient],
    ]);
  });

  it('refuses settings that cannot mean anything', () => {
    expect(() => retrySettings({ attempts: 0, baseDelayMs: 1, maxDelayMs: 1 })).toThrow(
      /invalid retry settings/,
    );
    expect(() => retrySettings({ attempts: 2, baseDelayMs: 10, maxDelayMs: 1 })).toThrow(/maxDelayMs/);
  });
});

describe('breakerPolicy', () => {
  let now = 1_000_000;
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('opens after the threshold of consecutive failures, refuses without calling, lets one trial through after the reset and closes on its success', async () => {
    const states: CircuitState[] = [];
    const breaker = breakerPolicy({ failureThreshold: 2, resetTimeoutMs: 1_000 }, (s) => states.push(s));
    const fail = (): Promise<never> => Promise.reject(new Error('boom'));
    await expect(breaker.execute(fail)).rejects.toThrow('boom');
    await breaker.execute(async () => 'ok');
    await expect(breaker.execute(fail)).rejects.toThrow('boom');
    expect(circuitState(breaker)).toBe('closed');
    await expect(breaker.execute(fail)).rejects.toThrow('boom');
    expect(circuitState(breaker)).toBe('open');

    const fn = jest.fn(async () => 'ok');
    const refused = await breaker.execute(fn).catch((err: unknown) => err);
    expect(isCircuitOpen(refused)).toBe(true);
    expect(fn).not.toHaveBeenCalled();

    now += 1_000;
    let release: (v: string) => void = () => undefined;
    let started: () => void = () => undefined;
    const trialStarted = new Promise<void>((resolve) => (started = resolve));
    const trial = breaker.execute(
      () =>
        new Promise<string>((resolve) => {
          release = resolve;
          started();
        }),
    );
    await trialStarted;
    // a caller arriving while the trial runs waits for it instead of stampeding the provider
    const second = breaker.execute(fn);
    await Promise.resolve();
    expect(fn).not.toHaveBeenCalled();
    release('ok');
    await expect(trial).resolves.toBe('ok');
    await expect(second).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(circuitState(breaker)).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed trial opens the circuit again, and callers that waited on it are refused', async () => {
    const breaker = breakerPolicy({ failureThreshold: 1, resetTimeoutMs: 500 });
    await expect(breaker.execute(() => Promise.reject(new Error('a')))).rejects.toThrow('a');
    now += 500;
    const waiter = jest.fn(async () => 'ok');
    const trial = breaker.execute(() => Promise.reject(new Error('b')));
    const waited = breaker.execute(waiter).catch((err: unknown) => err);
    await expect(trial).rejects.toThrow('b');
    expect(isCircuitOpen(await waited)).toBe(true);
    expect(waiter).not.toHaveBeenCalled();
    expect(circuitState(breaker)).toBe('open');
  });

  it('refuses a threshold below one', () => {
    expect(() => breakerPolicy({ failureThreshold: 0, resetTimeoutMs: 1 })).toThrow(RangeError);
  });
});
