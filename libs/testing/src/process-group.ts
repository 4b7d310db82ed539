import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

export interface DetachedCommand {
  command: string;
  args: string[];
  cwd: string;
  /** stdout and stderr are appended here, so a respawn keeps the earlier output. */
  logFile: string;
}

/**
 * Starts a server in its own session and process group (so one signal to the group
 * stops the JVM and anything it forked), detached from this process: a test worker can
 * restart Kafka and exit while the broker keeps running.
 */
export function spawnDetached(cmd: DetachedCommand): number {
  const out = openSync(cmd.logFile, 'a');
  try {
    const child = spawn(cmd.command, cmd.args, {
      cwd: cmd.cwd,
      detached: true,
      stdio: ['ignore', out, out],
      env: process.env,
    });
    if (child.pid === undefined) throw new Error(`could not spawn ${cmd.command}`);
    child.unref();
    // An exec failure (ENOENT) arrives as an event; the health wait then sees the dead pid.
    child.on('error', () => undefined);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * True when `pid` still runs a command whose command line mentions `marker` (the run
 * directory): guards against signalling an unrelated process that reused the pid.
 */
export function runsCommandWith(pid: number, marker: string): boolean {
  try {
    return isAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** Sends `signal` to the whole process group led by `pid` (falls back to the pid alone). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Synchronous, for exit handlers: SIGKILLs the group if it still runs our command. */
export function killGroupSync(pid: number, marker: string): boolean {
  if (!runsCommandWith(pid, marker)) return false;
  signalGroup(pid, 'SIGKILL');
  return true;
}

/** The last `maxBytes` of a log file, for start-failure errors. */
export function tailOfFile(file: string, maxBytes = 4000): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return (size > length ? '...' : '') + buffer.toString('utf8');
  } catch {
    return '(no log output)';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
