import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  installServer,
  startLocalServer,
  writeState,
  type ServerName,
  type ServerRecord,
} from '@andon/testing';

export interface BenchServer {
  /** what a client connects to (brokers, URI or URL) */
  address: string;
  /** stops a server this process started (its process group) and removes its files; a given one is left alone */
  stop(): Promise<void>;
}

/**
 * One of the test harness's real servers for a benchmark: installed into the cache as
 * `npm test` does and started on free ports with the harness's own settings, in `runDir`
 * (a fresh temporary folder when absent).
 */
export async function startBenchServer(
  name: ServerName,
  runDir?: string,
): Promise<{ server: ServerRecord; runDir: string }> {
  const dir = runDir ?? mkdtempSync(join(tmpdir(), `andon-bench-${name}-`));
  mkdirSync(dir, { recursive: true });
  // mkdtemp makes it 0700; Mosquitto started as root drops to its own user and must still read its files.
  chmodSync(dir, 0o755);
  const stateFile = join(dir, 'state.json');
  writeState(stateFile, { version: 1, ownerPid: process.pid, ownerStartTicks: '', runDir: dir, servers: {} });
  return { server: await startLocalServer(name, dir, await installServer(name), stateFile), runDir: dir };
}

/** The server at `given` when one is given (e.g. ANDON_TEST_MONGO_URI), else one started for this run and stopped by `stop()`. */
export async function benchServer(name: ServerName, given: string | undefined): Promise<BenchServer> {
  if (given) return { address: given, stop: async () => undefined };
  const { server, runDir } = await startBenchServer(name);
  return {
    address: server.address,
    stop: async () => {
      const pid = server.pid;
      if (pid !== undefined) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
