/** The breaker is open: the provider is not called until the reset timeout has passed. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAt: number) {
    super(`circuit open until ${new Date(retryAt).toISOString()}`);
    this.name = 'CircuitOpenError';
  }
}

/** A single provider attempt took longer than the configured timeout. */
export class ProviderTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`provider call timed out after ${timeoutMs} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

/** The provider answered with an error, or the transport failed. `retryable` drives the retry loop. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
