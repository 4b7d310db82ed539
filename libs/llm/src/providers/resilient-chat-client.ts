import {
  attemptsFromRetries,
  breakerPolicy,
  circuitState,
  isCircuitOpen,
  retryPolicy,
  runWithRetry,
  type CircuitState,
} from '@andon/resilience';
import type { CircuitBreakerPolicy, RetryPolicy } from 'cockatiel';
import { CircuitOpenError } from '../resilience/errors';
import { KeyedConcurrencyLimiter } from '../resilience/keyed-limiter';
import { isRetryableError, withTimeout } from '../resilience/retry';
import type { ChatCompletion, ChatModelPort, ChatRequest } from './chat-model.port';

/** The most one retry waits, whatever the base delay: a governed answer is waited on by a consumer. */
const MAX_RETRY_DELAY_MS = 10_000;

export interface ResilienceOptions {
  timeoutMs: number;
  /** Tries after the first (`LLM_MAX_RETRIES`); the call is tried `maxRetries + 1` times. */
  maxRetries: number;
  retryBaseDelayMs: number;
  breaker: { failureThreshold: number; resetTimeoutMs: number };
  siteConcurrency: number;
  onBreakerStateChange?: (state: CircuitState) => void;
}

export interface ResilientCompletion extends ChatCompletion {
  /** Tries made, the first included (the same meaning as every `attempts` in Andon). */
  attempts: number;
}

/**
 * Wraps a provider with, from the outside in: a per-site concurrency limit, retries
 * with backoff, the circuit breaker (each attempt counts, and an open circuit is not
 * retried) and a per-attempt timeout. Retry and breaker are `@andon/resilience` (cockatiel).
 */
export class ResilientChatClient {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly retry: RetryPolicy;
  private readonly limiter: KeyedConcurrencyLimiter;

  constructor(
    readonly port: ChatModelPort,
    private readonly options: ResilienceOptions,
  ) {
    this.breaker = breakerPolicy(options.breaker, options.onBreakerStateChange);
    this.retry = retryPolicy(
      {
        attempts: attemptsFromRetries(options.maxRetries),
        baseDelayMs: options.retryBaseDelayMs,
        maxDelayMs: Math.max(options.retryBaseDelayMs, MAX_RETRY_DELAY_MS),
      },
      { retryOn: isRetryableError },
    );
    this.limiter = new KeyedConcurrencyLimiter(options.siteConcurrency);
  }

  get provider(): string {
    return this.port.provider;
  }

  get breakerState(): CircuitState {
    return circuitState(this.breaker);
  }

  /**
   * `around` wraps the attempts while the site's concurrency slot is held: the token
   * budget reserves before them and settles after them there, so a call waiting in the
   * queue holds no tokens and the next call sees the previous one's real usage.
   */
  complete(
    site: string,
    request: Omit<ChatRequest, 'signal'>,
    around?: (attempts: () => Promise<ResilientCompletion>) => Promise<ResilientCompletion>,
  ): Promise<ResilientCompletion> {
    return this.limiter.run(site, () =>
      around ? around(() => this.attempts(request)) : this.attempts(request),
    );
  }

  private async attempts(request: Omit<ChatRequest, 'signal'>): Promise<ResilientCompletion> {
    let attempts = 0;
    const completion = await runWithRetry(this.retry, async () => {
      try {
        return await this.breaker.execute(() => {
          attempts += 1;
          return withTimeout((signal) => this.port.complete({ ...request, signal }), this.options.timeoutMs);
        });
      } catch (err) {
        // An open circuit is not retried (isRetryableError says no) and reads as our own error type.
        if (isCircuitOpen(err)) throw new CircuitOpenError(Date.now() + this.options.breaker.resetTimeoutMs);
        throw err;
      }
    });
    return { ...completion, attempts };
  }
}
