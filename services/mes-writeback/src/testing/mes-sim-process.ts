import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor, WaitAbortedError } from '@andon/testing';

const REPO_ROOT = resolve(__dirname, '../../../..');

export interface MesSimEffect {
  key: string;
  command: string;
  actionId: string;
  status: number;
  response: Record<string, unknown>;
  at: string;
}

export interface MesSimLot {
  id: string;
  site: string;
  line: string;
  status: 'released' | 'held' | 'consumed';
  holds: Array<{ actionId: string; reason: string; at: string }>;
}

/**
 * services/mes-sim as a child process on a loopback port: the write-back adapter's tests
 * talk to the real simulator over HTTP (services never import each other). State lives
 * in a temp data dir, so a restarted simulator keeps its effects.
 */
export class MesSimProcess {
  /** The API credential this simulator accepts (MES_SIM_TOKENS), like a real MES's. */
  readonly token = randomBytes(24).toString('base64url');

  private constructor(
    private child: ChildProcess | null,
    readonly port: number,
    readonly dataDir: string,
    private output: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/mes/v1`;
  }

  static async start(): Promise<MesSimProcess> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'andon-mes-sim-'));
    const sim = new MesSimProcess(null, port, dataDir, '');
    await sim.spawn();
    return sim;
  }

  async effects(actionId: string): Promise<MesSimEffect[]> {
    return (await this.get(`/effects?actionId=${encodeURIComponent(actionId)}`)) as MesSimEffect[];
  }

  async lots(site: string, line: string): Promise<MesSimLot[]> {
    return (await this.get(
      `/lots?site=${encodeURIComponent(site)}&line=${encodeURIComponent(line)}`,
    )) as MesSimLot[];
  }

  async lot(id: string): Promise<MesSimLot> {
    return (await this.get(`/lots/${encodeURIComponent(id)}`)) as MesSimLot;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/mes-sim/src/main.ts'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'),
        HTTP_PORT: String(this.port),
        SIM_GENERATOR: 'false',
        ANDON_DATA_DIR: this.dataDir,
        MES_SIM_TOKENS: this.token,
        METRICS_PORT: '-1',
        LOG_LEVEL: 'warn',
      },
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new WaitAbortedError(`mes-sim exited with ${child.exitCode}: ${this.output}`);
        const res = await fetch(`${this.baseUrl}/plant`, {
          headers: this.auth(),
          signal: AbortSignal.timeout(1_000),
        });
        return res.ok;
      },
      { timeoutMs: 90_000, intervalMs: 250, description: `mes-sim answering on port ${this.port}` },
    );
  }

  auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  private async get(path: string): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: this.auth() });
    if (!res.ok) throw new Error(`mes-sim GET ${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  }
}
