import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startDockerServer } from './docker-servers';
import { prepareLocalElasticsearch } from './elasticsearch-server';
import { prepareLocalFerretdb } from './ferretdb-server';
import { healthProbe } from './health';
import type { ServerName } from './harness-env';
import { updateState, type ServerRecord } from './harness-state';
import { prepareLocalKafka } from './kafka-server';
import { prepareLocalLlm } from './llm-server';
import { prepareLocalMosquitto } from './mosquitto-server';
import { prepareLocalJaeger } from './jaeger-server';
import { prepareLocalOpenSearch } from './opensearch-server';
import { spawnAndWaitHealthy, startFailure, startTimeoutMs } from './local-server';
import { killGroupSync, tailOfFile } from './process-group';
import { waitFor } from './wait-for';

const run = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Runs deploy/local/install-<name>.sh (idempotent, cached by version under
 * $ANDON_CACHE) and returns the path it prints: a classpath folder or a binary.
 * Its progress lines go to our stderr so a slow first install is visible.
 */
export async function installServer(name: ServerName): Promise<string> {
  const script = join(REPO_ROOT, 'deploy/local', `install-${name}.sh`);
  const child = run('bash', [script], { cwd: REPO_ROOT, timeout: 1_800_000, maxBuffer: 16 * 1024 * 1024 });
  child.child.stderr?.pipe(process.stderr);
  try {
    const { stdout } = await child;
    const path = stdout.trim().split('\n').pop() ?? '';
    if (path === '') throw new Error(`${script} printed no install path`);
    return path;
  } catch (error) {
    throw new Error(`[harness] installing ${name} failed (bash ${script}): ${String(error)}`, {
      cause: error,
    });
  }
}

/** Version from a cache path such as ~/.cache/andon/kafka-3.9.1/libs. */
function versionFromPath(path: string, name: string): string {
  const match = new RegExp(`${name}-([^/]+)/`).exec(path);
  return match?.[1] ?? 'unknown';
}

async function prepareLocal(name: ServerName, runDir: string, installed: string): Promise<ServerRecord> {
  switch (name) {
    case 'kafka':
      return prepareLocalKafka(runDir, installed, versionFromPath(installed, 'kafka'));
    case 'ferretdb':
      return prepareLocalFerretdb(runDir, installed, versionFromPath(installed, 'ferretdb'));
    case 'elasticsearch':
      // Runner versions are "<elasticsearch version>.<n>".
      return prepareLocalElasticsearch(
        runDir,
        installed,
        versionFromPath(installed, 'elasticsearch').replace(/\.\d+$/, ''),
      );
    case 'mosquitto':
      return prepareLocalMosquitto(runDir, installed, versionFromPath(installed, 'mosquitto'));
    case 'opensearch':
      return prepareLocalOpenSearch(
        runDir,
        installed,
        versionFromPath(installed, 'opensearch').replace(/\.\d+$/, ''),
      );
    case 'jaeger':
      return prepareLocalJaeger(runDir, installed, versionFromPath(installed, 'jaeger'));
    case 'llm':
      return prepareLocalLlm(runDir, installed, `smollm2-${versionFromPath(installed, 'smollm2')}`);
  }
}

function record(stateFile: string, server: ServerRecord): void {
  updateState(stateFile, (state) => {
    state.servers[server.name] = server;
  });
}

// A free port can be taken by another process between our probe and the server's bind.
const BIND_CLASH = /Address already in use|BindException|bind: address already in use/;

/**
 * Starts one server from its installed files and waits until its real probe answers.
 * A start that failed on a port clash is retried once on fresh ports.
 */
export async function startLocalServer(
  name: ServerName,
  runDir: string,
  installed: string,
  stateFile: string,
): Promise<ServerRecord> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const server = await prepareLocal(name, runDir, installed);
    record(stateFile, server);
    try {
      await spawnAndWaitHealthy(server, healthProbe(server), (pid) => {
        server.pid = pid;
        record(stateFile, server);
      });
      server.startedInMs = Date.now() - started;
      record(stateFile, server);
      return server;
    } catch (error) {
      if (server.pid !== undefined) killGroupSync(server.pid, runDir);
      const clash = BIND_CLASH.test(tailOfFile(server.logFile, 20_000));
      if (attempt >= 2 || !clash) throw error;
      process.stdout.write(`[harness] ${name}: port clash, retrying on fresh ports\n`);
      rmSync(server.logFile, { force: true });
      for (const dir of Object.values(server.dirs)) rmSync(dir, { recursive: true, force: true });
    }
  }
}

export async function startContainerServer(
  name: ServerName,
  runDir: string,
  stateFile: string,
): Promise<ServerRecord> {
  // No image serves the local model: it runs as a local process in both modes.
  if (name === 'llm') return startLocalServer(name, runDir, await installServer(name), stateFile);
  const started = Date.now();
  const server = await startDockerServer(name, runDir);
  record(stateFile, server);
  await waitFor(healthProbe(server), {
    timeoutMs: startTimeoutMs(),
    intervalMs: 250,
    description: `${name} container to answer`,
  }).catch((error: unknown) => {
    throw startFailure(server, error);
  });
  server.startedInMs = Date.now() - started;
  record(stateFile, server);
  return server;
}
