import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from '@andon/testing';

const ROOT = resolve(__dirname, '../../../..');

export interface RunningStandalone {
  url: string;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts `services/standalone` as its own process (exactly what `npm start` runs) and waits until ready. */
export async function startStandalone(env: Record<string, string> = {}): Promise<RunningStandalone> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-standalone-'));
  const logFile = join(dataDir, 'standalone.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'services/standalone/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ANDON_DATA_DIR: dataDir,
        HTTP_PORT: String(port),
        METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: '',
        MONGO_URI: '',
        ELASTICSEARCH_URL: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (exited) throw new Error(`standalone exited during start-up; see ${logFile}`);
      try {
        const res = await fetch(`${url}/health/ready`);
        return res.ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 120_000, intervalMs: 250, description: `standalone ready at ${url}` },
  );
  return {
    url,
    dataDir,
    logFile,
    stop: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
      if (!exited) {
        child.kill('SIGKILL');
        await done;
      }
      log.end();
    },
  };
}

export async function login(url: string, userId: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: 'andon-demo' }),
  });
  if (!res.ok) throw new Error(`login ${userId} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function getJson<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
