import { Worker } from 'node:worker_threads';
import type { Logger } from '@andon/observability';

/**
 * Runs in its own thread with its own connection: PASSIVE checkpoints (copy WAL frames into
 * the database file and fsync it; writers are not blocked) every `intervalMs`, and, once the
 * WAL passes `truncateBytes` and is nearly all copied, a TRUNCATE checkpoint that restarts it,
 * so the file stays bounded. Plain CommonJS: it is evaluated as is.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
let stopped = false;
const timer = setInterval(() => {
  if (stopped) return;
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    let size = 0;
    try { size = statSync(workerData.file + '-wal').size; } catch { size = 0; }
    // Only a WAL that is (nearly) all copied already is truncated: TRUNCATE holds the write
    // lock while it copies and fsyncs, and the event loop's next commit waits for it.
    if (size > workerData.truncateBytes && passive && passive.busy === 0 && passive.log - passive.checkpointed <= 64) {
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => { stopped = true; clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface WalCheckpointerOptions {
  file: string;
  intervalMs: number;
  truncateBytes: number;
  logger: Logger;
  /** Called when the thread is gone unexpectedly: the owner turns SQLite's own auto-checkpoint back on. */
  onFailure(): void;
}

/**
 * Keeps checkpoints (and their fsyncs) off the event loop. With SQLite's auto-checkpoint the
 * commit that crosses 1 000 WAL pages copies and fsyncs them on the main thread: 20-40 ms
 * stalls, the p99 of publish latency (docs/benchmarks.md, Bus).
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;

  constructor(options: WalCheckpointerOptions) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: options.file,
        module: require.resolve('better-sqlite3'),
        intervalMs: options.intervalMs,
        truncateBytes: options.truncateBytes,
      },
    });
    this.worker.unref();
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error)
        options.logger.warn({ error: m.error }, 'WAL checkpoint failed; retried at the next interval');
    });
    const failed = (err?: unknown): void => {
      if (this.stopping) return;
      this.stopping = true;
      options.logger.error({ err }, 'WAL checkpoint thread stopped; SQLite checkpoints on commit again');
      options.onFailure();
    };
    this.worker.on('error', failed);
    this.worker.on('exit', () => failed());
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Referenced while it stops: otherwise a process with nothing else to do exits (code 0)
    // in the middle of `await bus.close()`.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
