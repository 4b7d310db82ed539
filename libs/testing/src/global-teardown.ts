import { rmSync } from 'node:fs';
import { killRecordedServers } from './cleanup';
import { ENV } from './harness-env';
import { readState } from './harness-state';

// Stops whatever is current in the state file (a test may have restarted Kafka, so the
// pid recorded at setup can be stale) and deletes the run directory, unless
// ANDON_TEST_KEEP_RUN_DIR=1 asks to keep the logs and data for a post-mortem.
export default async function globalTeardown(): Promise<void> {
  const stateFile = process.env[ENV.stateFile];
  if (!stateFile) return;
  const state = readState(stateFile);
  if (state === undefined) return;
  await killRecordedServers(state);
  if (process.env['ANDON_TEST_KEEP_RUN_DIR'] === '1') {
    rmSync(stateFile, { force: true });
    process.stdout.write(`[harness] servers stopped; logs and data kept in ${state.runDir}\n`);
  } else {
    rmSync(state.runDir, { recursive: true, force: true });
  }
  delete process.env[ENV.stateFile];
}
