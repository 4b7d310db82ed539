import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { CircuitOpenError } from './errors';

describe('CircuitBreaker', () => {
  let now = 0;
  const states: CircuitState[] = [];
  const make = () =>
    new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1_000, now: () => now, onStateChange: (s) => states.push(s) });
  const fail = () => Promise.reject(new Error('boom'));
  const ok = () => Promise.resolve('ok');

  beforeEach(() => {
    now = 0;
    states.length = 0;
  });

  it('opens after the threshold of consecutive failures and refuses without calling', async () => {
    const breaker = make();
    for (let i = 0; i < 3; i += 1) await expect(breaker.execute(fail)).rejects.toThrow('boom');
    expect(breaker.currentState).toBe('open');
    const fn = jest.fn(ok);
    await expect(breaker.execute(fn)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('a success resets the failure count', async () => {
    const breaker = make();
    await expect(breaker.execute(fail)).rejects.toThrow();
    await expect(breaker.execute(fail)).rejects.toThrow();
    await breaker.execute(ok);
    await expect(breaker.execute(fail)).rejects.toThrow();
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.currentState).toBe('closed');
  });

  it('lets one trial through after the reset timeout and closes on success', async () => {
    const breaker = make();
    for (let i = 0; i < 3; i += 1) await expect(breaker.execute(fail)).rejects.toThrow();
    now = 999;
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    now = 1_000;
    expect(breaker.currentState).toBe('half-open');
    let release!: () => void;
    const trial = breaker.execute(() => new Promise<string>((resolve) => (release = () => resolve('trial'))));
    // A second caller during the trial is refused rather than piling onto a recovering provider.
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(trial).resolves.toBe('trial');
    expect(breaker.currentState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens at once when the trial fails', async () => {
    const breaker = make();
    for (let i = 0; i < 3; i += 1) await expect(breaker.execute(fail)).rejects.toThrow();
    now = 1_500;
    await expect(breaker.execute(fail)).rejects.toThrow('boom');
    expect(breaker.currentState).toBe('open');
    now = 2_400;
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    now = 2_500;
    await expect(breaker.execute(ok)).resolves.toBe('ok');
  });
});
