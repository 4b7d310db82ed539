import { KeyedConcurrencyLimiter } from './keyed-limiter';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedConcurrencyLimiter', () => {
  it('caps concurrency per key, queues FIFO, and keeps keys independent', async () => {
    const limiter = new KeyedConcurrencyLimiter(2);
    const gates = [deferred(), deferred(), deferred()] as const;
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run('A', async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    const other = limiter.run('B', async () => 'b');
    await expect(other).resolves.toBe('b');
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.inFlight('A')).toBe(2);
    expect(limiter.queued('A')).toBe(1);
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2]);
    expect(limiter.inFlight('A')).toBe(0);
  });

  it('releases the slot when the task throws', async () => {
    const limiter = new KeyedConcurrencyLimiter(1);
    await expect(limiter.run('A', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run('A', async () => 'next')).resolves.toBe('next');
    expect(limiter.inFlight('A')).toBe(0);
  });
});
