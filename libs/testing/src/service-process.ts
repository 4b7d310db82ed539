import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './start-servers';
import { waitFor, WaitAbortedError } from './wait-for';

/**
 * A service run the way it runs in production: its own main.ts in its own process group,
 * with exactly the given environment (services never import each other, so tests talk to
 * it over Kafka and HTTP). `start` waits until it answers; `spawn` + `exit` observe one
 * that is expected to refuse to start.
 */
export class ServiceProcess {
  private output = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static spawn(name: string, env: Record<string, string>): ServiceProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'),
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    return new ServiceProcess(name, child);
  }

  static async start(
    name: string,
    env: Record<string, string>,
    ready: { url: string; timeoutMs?: number },
  ): Promise<ServiceProcess> {
    return ServiceProcess.spawn(name, env).ready(ready.url, ready.timeoutMs);
  }

  /** Last lines the process wrote (for failure messages). */
  get logTail(): string {
    return this.output;
  }

  async ready(url: string, timeoutMs = 90_000): Promise<this> {
    await waitFor(
      async () => {
        if (this.child.exitCode !== null)
          throw new WaitAbortedError(`${this.name} exited with ${this.child.exitCode}: ${this.output}`);
        return (await fetch(url, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined))?.ok === true;
      },
      { timeoutMs, intervalMs: 250, description: `${this.name} answering ${url}` },
    );
    return this;
  }

  /** Resolves with the exit code and what the process said, for one that refuses to start. */
  async exit(timeoutMs = 60_000): Promise<{ code: number | null; log: string }> {
    if (this.child.exitCode !== null) return { code: this.child.exitCode, log: this.output };
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      new Promise<number | null>((done) => this.child.once('exit', (c) => done(c))),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`${this.name} did not exit: ${this.output}`)),
            timeoutMs,
          )),
      ),
    ]).finally(() => clearTimeout(timer));
    return { code, log: this.output };
  }

  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
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
