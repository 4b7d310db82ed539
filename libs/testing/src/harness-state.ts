import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENV, type ServerName } from './harness-env';
import { isAlive } from './process-group';
import { waitFor } from './wait-for';

/** One running server, enough to stop it, respawn it identically, or find it after a crash. */
export interface ServerRecord {
  name: ServerName;
  version: string;
  /** What tests connect to: broker list, base MongoDB URI, or base HTTP URL. */
  address: string;
  mode: 'local' | 'docker';
  /** Process-group leader (local mode); the current one after a Kafka restart. */
  pid?: number;
  /** Container id (docker mode). */
  containerId?: string;
  command: string;
  args: string[];
  cwd: string;
  logFile: string;
  ports: Record<string, number>;
  dirs: Record<string, string>;
  startedInMs?: number;
}

export interface HarnessState {
  version: 1;
  /** The Jest process that owns these servers; a dead owner marks the run stale. */
  ownerPid: number;
  ownerStartTicks: string;
  runDir: string;
  servers: Partial<Record<ServerName, ServerRecord>>;
}

export function stateFilePath(): string {
  const file = process.env[ENV.stateFile];
  if (!file) {
    throw new Error(
      `${ENV.stateFile} is not set: Kafka stop/start needs the servers started by the test harness's global setup (run Jest from the repository root)`,
    );
  }
  return file;
}

export function readState(file: string): HarnessState | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HarnessState;
  } catch {
    return undefined;
  }
}

/** Atomic replace, so a reader never sees half a file. */
export function writeState(file: string, state: HarnessState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Read-modify-write of the state file (callers that race hold `withStateLock`). */
export function updateState(file: string, change: (state: HarnessState) => void): HarnessState {
  const state = readState(file);
  if (state === undefined) throw new Error(`test harness state file ${file} is missing or unreadable`);
  change(state);
  writeState(file, state);
  return state;
}

/** Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat). */
export function processStartTicks(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** True when the Jest process that wrote this state is gone (pid dead or reused). */
export function ownerIsGone(state: HarnessState): boolean {
  return !isAlive(state.ownerPid) || processStartTicks(state.ownerPid) !== state.ownerStartTicks;
}

/**
 * Cross-process mutex (a directory, created atomically) so two test workers never
 * restart Kafka at the same moment. A lock left by a dead worker is taken over.
 */
export async function withStateLock<T>(file: string, name: string, action: () => Promise<T>): Promise<T> {
  const lockDir = `${file}.${name}.lock`;
  const ownerFile = join(lockDir, 'owner');
  await waitFor(
    () => {
      try {
        mkdirSync(lockDir);
        writeFileSync(ownerFile, String(process.pid));
        return true;
      } catch {
        const owner = Number(readFileOr(ownerFile, '0'));
        if (owner > 0 && !isAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs: 300_000, intervalMs: 50, description: `the ${name} lock (${lockDir})` },
  );
  try {
    return await action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readFileOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
