import { CircuitBreaker, type CircuitState } from '../resilience/circuit-breaker';
import { KeyedConcurrencyLimiter } from '../resilience/keyed-limiter';
import { defaultSleep, withRetry, withTimeout } from '../resilience/retry';
import type { ChatCompletion, ChatModelPort, ChatRequest } from './chat-model.port';

export interface ResilienceOptions {
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  breaker: { failureThreshold: number; resetTimeoutMs: number };
  siteConcurrency: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onBreakerStateChange?: (state: CircuitState) => void;
}

export interface ResilientCompletion extends ChatCompletion {
  attempts: number;
}

/**
 * Wraps a provider with, from the outside in: a per-site concurrency limit, retries
 * with backoff, the circuit breaker (each attempt counts, and an open circuit is not
 * retried) and a per-attempt timeout.
 */
export class ResilientChatClient {
  readonly breaker: CircuitBreaker;
  private readonly limiter: KeyedConcurrencyLimiter;

  constructor(
    readonly port: ChatModelPort,
    private readonly options: ResilienceOptions,
  ) {
    this.breaker = new CircuitBreaker({
      ...options.breaker,
      ...(options.now ? { now: options.now } : {}),
      ...(options.onBreakerStateChange ? { onStateChange: options.onBreakerStateChange } : {}),
    });
    this.limiter = new KeyedConcurrencyLimiter(options.siteConcurrency);
  }

  get provider(): string {
    return this.port.provider;
  }

  /**
   * `around` wraps the attempts while the site's concurrency slot is held: the token
   * budget reserves before them and settles after them there, so a call waiting in the
   * queue holds no tokens and the next call sees the previous one's real usage.
   */
  complete(site: string, request: Omit<ChatRequest, 'signal'>, around?: (attempts: () => Promise<ResilientCompletion>) => Promise<ResilientCompletion>): Promise<ResilientCompletion> {
    return this.limiter.run(site, () => (around ? around(() => this.attempts(request)) : this.attempts(request)));
  }

  private async attempts(request: Omit<ChatRequest, 'signal'>): Promise<ResilientCompletion> {
    let attempts = 0;
    const completion = await withRetry(
      () =>
        this.breaker.execute(() => {
          attempts += 1;
          return withTimeout((signal) => this.port.complete({ ...request, signal }), this.options.timeoutMs);
        }),
      { retries: this.options.maxRetries, baseDelayMs: this.options.retryBaseDelayMs, sleep: this.options.sleep ?? defaultSleep },
    );
    return { ...completion, attempts };
  }
}
