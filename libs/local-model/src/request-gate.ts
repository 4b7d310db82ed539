/** Thrown when every slot is busy and the queue is full: the HTTP layer answers 429. */
export class QueueFullError extends Error {
  constructor(
    readonly running: number,
    readonly queued: number,
  ) {
    super(`model server busy: ${running} generating, ${queued} queued (queue full)`);
    this.name = 'QueueFullError';
  }
}

/** Thrown when a request's signal fires while it is still waiting for a slot. */
export class QueueAbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'QueueAbortedError';
  }
}

interface Waiter {
  grant: () => void;
  reject: (error: Error) => void;
}

/**
 * At most `concurrency` tasks run at once and at most `queueLimit` wait (FIFO); a task
 * beyond that is refused at once rather than left to pile up behind a slow CPU model.
 * A waiting task whose signal fires leaves the queue without ever running.
 */
export class RequestGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new QueueAbortedError(reasonOf(signal)));
    if (this.active < this.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit)
      return Promise.reject(new QueueFullError(this.active, this.waiting.length));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new QueueAbortedError(reasonOf(signal)));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays as it is.
    if (next) next.grant();
    else this.active -= 1;
  }
}

function reasonOf(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason.message
    : typeof reason === 'string'
      ? reason
      : 'aborted while queued';
}
