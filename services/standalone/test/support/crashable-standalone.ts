import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor, WaitAbortedError } from '@andon/testing';

const ROOT = resolve(__dirname, '../../../..');

export interface StandaloneProcess {
  url: string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 15 s). */
  stop(): Promise<void>;
  readonly exited: boolean;
}

/**
 * Starts `services/standalone` (what `npm start` runs) on a given data directory and port,
 * so a test can kill it and start it again on the same files. Output is appended to `logFile`.
 */
export async function launchStandalone(options: {
  dataDir: string;
  port: number;
  logFile: string;
  env?: Record<string, string>;
}): Promise<StandaloneProcess> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/standalone/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ANDON_DATA_DIR: options.dataDir,
      HTTP_PORT: String(options.port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: '',
      MONGO_URI: '',
      ELASTICSEARCH_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = false;
  const gone = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      log.end();
      done();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(
    async () => {
      if (exited) throw new WaitAbortedError(`standalone exited during start-up; see ${options.logFile}`);
      try {
        return (await fetch(`${url}/health/ready`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 90_000, intervalMs: 200, description: `standalone ready at ${url}` },
  );
  return {
    url,
    get exited() {
      return exited;
    },
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      await gone;
    },
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
      if (!exited) child.kill('SIGKILL');
      await gone;
    },
  };
}
