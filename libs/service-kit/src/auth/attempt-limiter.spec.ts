import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  it('refuses further attempts of a key after its failures, until the window passes; a success clears it', () => {
    let now = 0;
    const limiter = new AttemptLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    const keys = ['user:qe.anna', 'addr:10.0.0.5'];
    for (let i = 0; i < 3; i++) {
      limiter.check(keys);
      limiter.fail(keys);
    }
    expect(() => limiter.check(keys)).toThrow(/too many failed attempts; try again in 60 s/);
    // Another user from the same address is refused too: the address is locked.
    expect(() => limiter.check(['user:sup.ben', 'addr:10.0.0.5'])).toThrow(/too many/);
    expect(() => limiter.check(['user:sup.ben', 'addr:10.0.0.6'])).not.toThrow();
    now = 60_000;
    expect(() => limiter.check(keys)).not.toThrow();
    limiter.fail(keys);
    limiter.succeed(keys);
    expect(() => limiter.check(keys)).not.toThrow();
  });

  it('keeps memory bounded by dropping the oldest keys', () => {
    const limiter = new AttemptLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 2, now: () => 0 });
    limiter.fail(['a']);
    limiter.fail(['b']);
    limiter.fail(['c']);
    expect(() => limiter.check(['a'])).not.toThrow();
    expect(() => limiter.check(['c'])).toThrow();
  });
});
