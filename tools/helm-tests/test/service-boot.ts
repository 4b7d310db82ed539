import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor, WaitAbortedError } from '@andon/testing';
import { REPO_ROOT } from '../src/chart';

/** One service started from its own main.ts with exactly the given environment. */
export class BootedService {
  private output = '';
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static spawn(name: string, env: Record<string, string>): BootedService {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'), ...env },
    });
    return new BootedService(name, child);
  }

  get log(): string {
    return this.output;
  }

  /** Resolves with the exit code and what the process said, when it refuses to start. */
  async exit(timeoutMs = 60_000): Promise<{ code: number | null; log: string }> {
    if (this.child.exitCode !== null) return { code: this.child.exitCode, log: this.output };
    const code = await Promise.race([
      new Promise<number | null>((done) => this.child.once('exit', (c) => done(c))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${this.name} did not exit: ${this.output}`)), timeoutMs)),
    ]);
    return { code, log: this.output };
  }

  async ready(url: string): Promise<this> {
    await waitFor(
      async () => {
        if (this.child.exitCode !== null) throw new WaitAbortedError(`${this.name} exited with ${this.child.exitCode}: ${this.output}`);
        return (await fetch(url, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined))?.ok === true;
      },
      { timeoutMs: 120_000, intervalMs: 250, description: `${this.name} ready at ${url}` },
    );
    return this;
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
        // gone
      }
    }, 10_000);
    await exited;
    clearTimeout(force);
  }
}
