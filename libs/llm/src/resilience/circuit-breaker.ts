import { CircuitOpenError } from './errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  resetTimeoutMs: number;
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}

/**
 * Classic three-state breaker. While half-open exactly one trial call runs; other
 * callers are refused until it settles, so a recovering provider is not stampeded.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (options.failureThreshold < 1) throw new RangeError('failureThreshold must be >= 1');
    this.now = options.now ?? Date.now;
  }

  get currentState(): CircuitState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.resetTimeoutMs) return 'half-open';
    return this.state;
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    this.admit();
    try {
      const result = await fn();
      this.onSuccess();
      return result;
    } catch (err) {
      this.onFailure();
      throw err;
    }
  }

  private admit(): void {
    const state = this.currentState;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.trialInFlight) {
      this.transition('half-open');
      this.trialInFlight = true;
      return;
    }
    throw new CircuitOpenError(this.openedAt + this.options.resetTimeoutMs);
  }

  private onSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.transition('closed');
  }

  private onFailure(): void {
    this.failures += 1;
    const trialFailed = this.state === 'half-open';
    this.trialInFlight = false;
    if (trialFailed || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(next: CircuitState): void {
    if (this.state === next) return;
    this.state = next;
    this.options.onStateChange?.(next);
  }
}
