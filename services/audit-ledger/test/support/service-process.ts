import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor, WaitAbortedError } from '@andon/testing';

const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * Another service, run the way it runs in production: its own main.ts in its own process
 * (services never import each other, so the proof talks to them over Kafka and HTTP).
 */
export class ServiceProcess {
  private output = '';

  private constructor(
    readonly name: string,
    private child: ChildProcess | null,
  ) {}

  static async start(name: string, env: Record<string, string>, ready: { url: string; timeoutMs?: number }): Promise<ServiceProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.base.json'),
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    const service = new ServiceProcess(name, child);
    const keep = (chunk: Buffer) => {
      service.output = (service.output + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new WaitAbortedError(`${name} exited with ${child.exitCode}: ${service.output}`);
        return (await fetch(ready.url, { signal: AbortSignal.timeout(1_000) })).ok;
      },
      { timeoutMs: ready.timeoutMs ?? 90_000, intervalMs: 250, description: `${name} answering ${ready.url}` },
    );
    return service;
  }

  /** Last lines the process wrote (for failure messages). */
  get logTail(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const pid = child.pid;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    process.kill(-pid, 'SIGTERM');
    const force = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(force);
  }
}
