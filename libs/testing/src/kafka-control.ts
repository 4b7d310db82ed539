import { dockerKill, dockerStart } from './docker-servers';
import { healthProbe } from './health';
import {
  readState,
  stateFilePath,
  updateState,
  withStateLock,
  type HarnessState,
  type ServerRecord,
} from './harness-state';
import { spawnAndWaitHealthy, startFailure, startTimeoutMs } from './local-server';
import { isAlive, runsCommandWith, signalGroup } from './process-group';
import { waitFor } from './wait-for';

function kafkaRecord(state: HarnessState | undefined, file: string): ServerRecord {
  const record = state?.servers.kafka;
  if (record === undefined) {
    throw new Error(
      `Kafka was not started by the test harness (no kafka entry in ${file}): set ANDON_REAL_SERVERS to include "kafka" and run Jest from the repository root`,
    );
  }
  return record;
}

async function killKafka(file: string, record: ServerRecord, runDir: string): Promise<void> {
  if (record.mode === 'docker') {
    if (record.containerId) await dockerKill(record.containerId);
    return;
  }
  const pid = record.pid;
  if (pid === undefined || !runsCommandWith(pid, runDir)) return;
  signalGroup(pid, 'SIGKILL');
  await waitFor(() => !isAlive(pid), {
    timeoutMs: 30_000,
    intervalMs: 50,
    description: `kafka pid ${pid} to exit after SIGKILL`,
  });
  updateState(file, (state) => {
    const current = state.servers.kafka;
    if (current?.pid === pid) delete current.pid;
  });
}

async function reviveKafka(file: string, record: ServerRecord, runDir: string): Promise<void> {
  if (record.mode === 'docker') {
    if (!record.containerId) throw new Error('kafka container id missing from the harness state');
    await dockerStart(record.containerId);
    await waitFor(healthProbe(record), {
      timeoutMs: startTimeoutMs(),
      intervalMs: 250,
      description: 'kafka container to answer',
    }).catch((error: unknown) => {
      throw startFailure(record, error);
    });
    return;
  }
  if (record.pid !== undefined && runsCommandWith(record.pid, runDir)) {
    // Already running (startKafka without a stop): only make sure it answers.
    await waitFor(healthProbe(record), {
      timeoutMs: startTimeoutMs(),
      intervalMs: 250,
      description: 'kafka to answer',
    });
    return;
  }
  await spawnAndWaitHealthy(record, healthProbe(record), (pid) => {
    updateState(file, (state) => {
      const current = state.servers.kafka;
      if (current) current.pid = pid;
    });
  });
}

/** SIGKILLs the broker (its whole process group); the log dir and port are kept for startKafka. */
export async function stopKafka(): Promise<void> {
  const file = stateFilePath();
  await withStateLock(file, 'kafka', async () => {
    const state = readState(file);
    await killKafka(file, kafkaRecord(state, file), state?.runDir ?? '');
  });
}

/** Starts the broker again on the same port and log dir and waits until it answers metadata requests. */
export async function startKafka(): Promise<void> {
  const file = stateFilePath();
  await withStateLock(file, 'kafka', async () => {
    const state = readState(file);
    await reviveKafka(file, kafkaRecord(state, file), state?.runDir ?? '');
  });
}

/** stopKafka then startKafka, under one lock so no other worker sees a half-restart. */
export async function restartKafka(): Promise<void> {
  const file = stateFilePath();
  await withStateLock(file, 'kafka', async () => {
    const state = readState(file);
    const record = kafkaRecord(state, file);
    await killKafka(file, record, state?.runDir ?? '');
    const after = readState(file);
    await reviveKafka(file, kafkaRecord(after, file), after?.runDir ?? '');
  });
}
