import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Logger } from '@andon/observability';
import { workerMessageSchema, type WorkerMessage, type WorkerStart } from './opcua-worker-protocol';

/** The worker beside this file (also in the built image: build.sh copies .mjs files as they are). */
export const OPCUA_WORKER_PATH = join(__dirname, 'opcua-session.worker.mjs');

/**
 * Runs `opcua-session.worker.mjs` in a child process and hands its parsed messages to
 * `onMessage`. A worker that exits on its own (refused session, crash) is started again
 * after a backoff; one that sends what the protocol does not allow is logged and ignored.
 */
export class OpcuaSessionWorker {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly start: WorkerStart,
    private readonly onMessage: (message: WorkerMessage) => void,
    private readonly log: Logger,
    private readonly workerPath: string = OPCUA_WORKER_PATH,
  ) {}

  run(): void {
    this.stopping = false;
    this.spawn();
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  /** Closes the session (worker's `stop`), then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private spawn(): void {
    // Only stderr is kept (node-opcua writes its warnings there); stdout is not part of the protocol.
    const child = fork(this.workerPath, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const line = chunk.trim();
      if (line !== '') this.log.debug({ worker: line.slice(0, 500) }, 'opcua worker stderr');
    });
    child.on('message', (raw: unknown) => {
      const parsed = workerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        this.log.error(
          { issues: parsed.error.issues.slice(0, 3) },
          'opcua worker sent a message outside the protocol',
        );
        return;
      }
      if (parsed.data.type === 'status' && parsed.data.state === 'subscribed') this.restarts = 0;
      // A failed session is not worth the worker's own slow teardown: end it, the exit handler starts another.
      if (parsed.data.type === 'error') child.kill('SIGKILL');
      this.onMessage(parsed.data);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (this.stopping) return;
      const delay = Math.min(
        this.start.reconnectMaxMs,
        this.start.reconnectMinMs * 2 ** Math.min(this.restarts, 8),
      );
      this.restarts++;
      this.log.warn({ code, signal, delayMs: delay }, 'opcua worker exited; starting it again');
      this.onMessage({ type: 'status', state: 'disconnected', detail: `worker exited (${code ?? signal})` });
      this.restartTimer = setTimeout(() => {
        if (!this.stopping) this.spawn();
      }, delay);
    });
    child.send(this.start);
  }
}
