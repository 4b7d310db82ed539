/**
 * Caps concurrent work per key (a site), queueing the excess in FIFO order, so one
 * busy plant cannot take every provider slot from the others.
 */
export class KeyedConcurrencyLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limitPerKey: number) {
    if (limitPerKey < 1) throw new RangeError('limitPerKey must be >= 1');
  }

  inFlight(key: string): number {
    return this.active.get(key) ?? 0;
  }

  queued(key: string): number {
    return this.waiting.get(key)?.length ?? 0;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await fn();
    } finally {
      this.release(key);
    }
  }

  private acquire(key: string): Promise<void> {
    const current = this.inFlight(key);
    if (current < this.limitPerKey) {
      this.active.set(key, current + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push(resolve);
      this.waiting.set(key, queue);
    });
  }

  private release(key: string): void {
    const next = this.waiting.get(key)?.shift();
    // The slot passes straight to the next waiter, so the active count is unchanged.
    if (next) {
      next();
      return;
    }
    this.waiting.delete(key);
    const current = this.inFlight(key) - 1;
    if (current <= 0) this.active.delete(key);
    else this.active.set(key, current);
  }
}
