import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoreLocation } from '@andon/persistence';
import type { RangeVerification } from './range-verifier';

export interface SegmentJob {
  location: StoreLocation;
  collection: string;
  chain: string;
  fromSeq: number;
  toSeq?: number;
}

export type SegmentReply = { ok: true; result: RangeVerification } | { ok: false; error: string };

/*
 * The worker is this folder's segment.worker file: compiled JavaScript in a build, the
 * TypeScript source under Jest and the benches, loaded there with the swc register hook
 * the benches use.
 */
const ext = extname(__filename);
const WORKER_FILE = join(__dirname, `segment.worker${ext}`);
const EXEC_ARGV = ext === '.ts' ? ['--require', '@swc-node/register'] : [];

interface Slot {
  worker: Worker;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
}

interface Waiting {
  job: SegmentJob;
  resolve: (r: RangeVerification) => void;
  reject: (e: Error) => void;
}

/**
 * Up to `size` worker threads that verify chain segments, each job on its own store
 * connection. A worker loads the store and governance code once (~0.4 s: mongoose, zod),
 * so workers are started on first use and kept until idle for `idleMs`; an idle worker
 * does not keep the process alive. Jobs beyond `size` wait for a free worker.
 */
export class SegmentWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly idleMs = 60_000,
  ) {}

  run(job: SegmentJob): Promise<RangeVerification> {
    if (this.closed) return Promise.reject(new Error('segment worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(new Error('segment worker pool is closed'));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        clearTimeout(slot.idleTimer);
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot =
        this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const waiting = this.queue.shift();
      if (waiting) this.start(slot, waiting);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_FILE, { execArgv: EXEC_ARGV }), busy: false };
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, waiting: Waiting): void {
    clearTimeout(slot.idleTimer);
    slot.busy = true;
    slot.worker.ref();
    const settle = (fn: () => void): void => {
      slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      fn();
    };
    const onMessage = (reply: SegmentReply): void =>
      settle(() => {
        this.idle(slot);
        if (reply.ok) waiting.resolve(reply.result);
        else waiting.reject(new Error(`ledger verify worker: ${reply.error}`));
        this.dispatch();
      });
    const onError = (err: Error): void =>
      settle(() => {
        this.drop(slot);
        waiting.reject(err);
        this.dispatch();
      });
    const onExit = (code: number): void =>
      settle(() => {
        this.drop(slot);
        waiting.reject(new Error(`ledger verify worker exited (code ${code}) without a verdict`));
        this.dispatch();
      });
    slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    slot.worker.postMessage(waiting.job);
  }

  private idle(slot: Slot): void {
    slot.busy = false;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      this.drop(slot);
      void slot.worker.terminate();
    }, this.idleMs);
    slot.idleTimer.unref();
  }

  private drop(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }
}
