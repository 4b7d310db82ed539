import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlParam } from './sqlite-filter';

export interface ReadRequest {
  id: number;
  sql: string;
  params: SqlParam[];
}
export type ReadReply = { id: number; ok: true; rows: unknown[] } | { id: number; ok: false; error: string };

// Compiled JavaScript in a build; the TypeScript source (with the swc hook) under Jest and the benches.
const ext = extname(__filename);
const WORKER_FILE = join(__dirname, `sqlite-read.worker${ext}`);
const EXEC_ARGV = ext === '.ts' ? ['--require', '@swc-node/register'] : [];

/**
 * A second, read-only connection to an index file on its own thread. Hybrid search sends
 * the keyword query here and ranks vectors on the calling thread meanwhile: both are
 * synchronous SQLite work, so on one thread they add up. An idle worker does not keep
 * the process alive.
 */
export class SqliteReadWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(file: string, mmapBytes: number) {
    this.worker = new Worker(WORKER_FILE, { workerData: { file, mmapBytes }, execArgv: EXEC_ARGV });
    this.worker.unref();
    this.worker.on('message', (reply: ReadReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.rows);
      else waiter.reject(new Error(`sqlite read worker: ${reply.error}`));
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    // Under Jest a worker's error arrives from another realm: not `instanceof Error`.
    this.worker.on('error', (err: unknown) => fail(asError(err)));
    this.worker.on('exit', (code) => fail(new Error(`sqlite read worker exited (code ${code})`)));
  }

  /** True until the worker has failed once; then callers query on their own connection. */
  get usable(): boolean {
    return this.failure === undefined;
  }

  all<R>(sql: string, params: SqlParam[]): Promise<R[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<R[]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ id, sql, params } satisfies ReadRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * An Error with what the thrown value said, whatever realm or shape it arrived in: a
 * better-sqlite3 SqliteError thrown in the worker crosses over as a plain `{ code }`.
 */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'object' && value !== null) {
    const { message, code } = value as { message?: unknown; code?: unknown };
    const text = [message, code].filter((x) => typeof x === 'string' && x !== '').join(' ');
    return new Error(text || JSON.stringify(value));
  }
  return new Error(String(value));
}
