export interface WaitForOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  intervalMs?: number;
  /** Named in the timeout error, so a failing test says what it was waiting for. */
  description?: string;
}

/**
 * Thrown by a probe to stop waiting at once (e.g. the server process has exited):
 * any other error only means "not yet" and the probe is tried again.
 */
export class WaitAbortedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WaitAbortedError';
  }
}

type Probe<T> = () => Promise<T | undefined | false> | T | undefined | false;

/**
 * Polls `probe` until it returns a value other than `undefined`/`false` and resolves
 * with it. A probe that throws counts as "not yet"; the last error is reported if the
 * wait times out. Use it instead of fixed sleeps.
 */
export async function waitFor<T>(probe: Probe<T>, opts: WaitForOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 100;
  const description = opts.description ?? 'condition';
  const started = Date.now();
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      if (error instanceof WaitAbortedError) throw error;
      lastError = error;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const reason = lastError === undefined ? '' : `; last error: ${describeError(lastError)}`;
      throw new Error(
        `Timed out after ${elapsed} ms (${attempts} attempts) waiting for ${description}${reason}`,
        {
          cause: lastError,
        },
      );
    }
    await delay(Math.min(intervalMs, Math.max(0, timeoutMs - elapsed)));
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
