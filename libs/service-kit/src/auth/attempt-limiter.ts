import { ServiceError } from '../errors/service-error';

export interface AttemptLimiterOptions {
  /** Failed attempts allowed per key within the window. */
  maxFailures: number;
  windowMs: number;
  now?: () => number;
  /** Keys tracked at most; the oldest window is dropped first (memory stays bounded). */
  maxKeys?: number;
}

/**
 * Counts failed credential checks per key (a user id, an address) in a fixed window and
 * refuses further attempts with 429 before any expensive check (scrypt) runs. A success
 * clears the key. In-process: each replica limits on its own, which bounds the total at
 * replicas x maxFailures per window (docs/security.md).
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();
  private readonly now: () => number;

  constructor(private readonly options: AttemptLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Throws 429 when any of the keys has used up its failures in the current window. */
  check(keys: readonly string[]): void {
    for (const key of keys) {
      const window = this.current(key);
      if (window && window.failures >= this.options.maxFailures) {
        const retryAfter = Math.max(
          1,
          Math.ceil((window.startedAt + this.options.windowMs - this.now()) / 1000),
        );
        throw new ServiceError(
          429,
          'TOO_MANY_ATTEMPTS',
          `too many failed attempts; try again in ${retryAfter} s`,
          { 'Retry-After': String(retryAfter) },
        );
      }
    }
  }

  fail(keys: readonly string[]): void {
    for (const key of keys) {
      const window = this.current(key) ?? { startedAt: this.now(), failures: 0 };
      window.failures += 1;
      this.windows.delete(key);
      this.windows.set(key, window);
    }
    const max = this.options.maxKeys ?? 100_000;
    while (this.windows.size > max) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.windows.delete(key);
  }

  private current(key: string): { startedAt: number; failures: number } | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.startedAt >= this.options.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
