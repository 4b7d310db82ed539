import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';

/** A real MongoDB `ping` over the wire protocol. */
export async function mongoAnswers(uri: string): Promise<boolean> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 1_000,
    connectTimeoutMS: 1_000,
  });
  try {
    await connection.asPromise();
    const reply = await connection.db?.admin().command({ ping: 1 });
    return reply?.['ok'] === 1;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** FerretDB v1 on its SQLite backend, one SQLite file per database under `<runDir>/ferretdb`. */
export async function prepareLocalFerretdb(
  runDir: string,
  binary: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'ferretdb');
  const dataDir = join(home, 'data');
  const stateDir = join(home, 'state');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const port = await freePort();
  return {
    name: 'ferretdb',
    version,
    mode: 'local',
    address: `mongodb://127.0.0.1:${port}/`,
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      // Its debug/metrics listener defaults to the fixed port 8088: two runs would clash.
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=info',
    ],
    cwd: home,
    logFile: join(runDir, 'ferretdb.log'),
    ports: { mongo: port },
    dirs: { home, data: dataDir, state: stateDir },
  };
}
