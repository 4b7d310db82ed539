import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ownerIsGone, readState, type HarnessState } from './harness-state';
import { isAlive, killGroupSync } from './process-group';
import { waitFor } from './wait-for';

/**
 * SIGKILLs every recorded server (whole process groups, only if the pid still runs a
 * command inside this run's directory) and removes recorded containers. Synchronous so
 * it also works from an 'exit' handler. Returns the pids it signalled.
 */
export function killRecordedServersSync(state: HarnessState): number[] {
  const killed: number[] = [];
  for (const record of Object.values(state.servers)) {
    if (record === undefined) continue;
    if (record.pid !== undefined && killGroupSync(record.pid, state.runDir)) killed.push(record.pid);
    if (record.containerId !== undefined) {
      spawnSync('docker', ['rm', '-f', '-v', record.containerId], { stdio: 'ignore', timeout: 60_000 });
    }
  }
  return killed;
}

export async function killRecordedServers(state: HarnessState): Promise<void> {
  const killed = killRecordedServersSync(state);
  await waitFor(() => killed.every((pid) => !isAlive(pid)), {
    timeoutMs: 30_000,
    intervalMs: 50,
    description: `server pids ${killed.join(', ')} to exit`,
  });
}

/**
 * Kills servers left by earlier runs whose Jest process died without its teardown
 * (SIGKILL, OOM, a CI time-out) and deletes their run directories.
 */
export function reapStaleRuns(root: string): string[] {
  if (!existsSync(root)) return [];
  const reaped: string[] = [];
  for (const entry of readdirSync(root)) {
    const runDir = join(root, entry);
    const state = readState(join(runDir, 'state.json'));
    if (state === undefined || !ownerIsGone(state)) continue;
    killRecordedServersSync(state);
    rmSync(runDir, { recursive: true, force: true });
    reaped.push(runDir);
  }
  return reaped;
}

// Plain JavaScript run by `node -e`: it must not import anything from this workspace.
const REAPER_SOURCE = `
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const [ownerPid, ownerTicks, stateFile] = process.argv.slice(1);
function ticks(pid) {
  try { const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8'); return s.slice(s.lastIndexOf(')') + 2).split(' ')[19] || ''; }
  catch { return ''; }
}
function alive(pid) { try { process.kill(Number(pid), 0); return ticks(pid) !== '' ; } catch { return false; } }
const timer = setInterval(() => {
  let state;
  try { state = JSON.parse(fs.readFileSync(stateFile, 'utf8')); } catch { if (!fs.existsSync(stateFile)) process.exit(0); return; }
  if (alive(ownerPid) && ticks(ownerPid) === ownerTicks) return;
  clearInterval(timer);
  for (const record of Object.values(state.servers || {})) {
    if (record.pid) {
      let cmd = '';
      try { cmd = fs.readFileSync('/proc/' + record.pid + '/cmdline', 'utf8'); } catch {}
      if (cmd.includes(state.runDir)) { try { process.kill(-record.pid, 'SIGKILL'); } catch {} }
    }
    if (record.containerId) spawnSync('docker', ['rm', '-f', '-v', record.containerId], { stdio: 'ignore' });
  }
  fs.rmSync(state.runDir, { recursive: true, force: true });
  process.exit(0);
}, 1000);
`;

/**
 * A tiny detached watchdog: if the Jest process dies without running its teardown
 * (e.g. SIGKILL), it kills the servers within a second and removes the run dir.
 */
export function spawnReaper(ownerPid: number, ownerTicks: string, stateFile: string): void {
  const child = spawn(process.execPath, ['-e', REAPER_SOURCE, String(ownerPid), ownerTicks, stateFile], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
}
