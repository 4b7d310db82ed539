import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';

/** GET /v1/models answers with the served model: the model is loaded and the API is up. */
export async function llmAnswers(url: string): Promise<boolean> {
  const response = await fetch(`${url}/models`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) return false;
  const body = (await response.json()) as { data?: Array<{ id?: unknown }> };
  return (body.data ?? []).some((model) => typeof model.id === 'string' && model.id.length > 0);
}

/**
 * The local model server (libs/local-model) over the installed GGUF file, on a free
 * loopback port, in its own process. Bounds for test runs: one generation at a time
 * (one Jest worker on 2 cores), 256 output tokens, 120 s per request.
 */
export async function prepareLocalLlm(
  runDir: string,
  modelPath: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'llm');
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const repoRoot = resolve(__dirname, '../../..');
  return {
    name: 'llm',
    version,
    mode: 'local',
    address: `http://127.0.0.1:${port}/v1`,
    // `env` execs node in its place, so the recorded pid is the server's.
    command: 'env',
    args: [
      `ANDON_MODEL_PATH=${modelPath}`,
      'ANDON_MODEL_HOST=127.0.0.1',
      `ANDON_MODEL_PORT=${port}`,
      'ANDON_MODEL_CONCURRENCY=1',
      'ANDON_MODEL_QUEUE_LIMIT=16',
      'ANDON_MODEL_MAX_TOKENS=256',
      'ANDON_MODEL_TIMEOUT_MS=120000',
      process.execPath,
      '-r',
      '@swc-node/register',
      join(repoRoot, 'libs/local-model/src/main.ts'),
      // Unused by the server: the harness stops only processes whose command line names
      // this run's directory, and `env` execs node, whose command line is all that remains.
      `--harness-dir=${home}`,
    ],
    cwd: repoRoot,
    logFile: join(runDir, 'llm.log'),
    ports: { http: port },
    dirs: { home },
  };
}
