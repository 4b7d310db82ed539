import type { ServerRecord } from './harness-state';
import { isAlive, spawnDetached, tailOfFile } from './process-group';
import { WaitAbortedError, waitFor } from './wait-for';

export type HealthProbe = () => Promise<boolean>;

/**
 * JVM flags for the test servers. C1 only (no C2 JIT): on 2 shared cores the C2
 * compiler threads compete with start-up; measured here, Elasticsearch came up in
 * 5-10 s instead of 15-20 s, Kafka about a third sooner. Test workloads are too short to
 * miss C2; benchmarks are not, so ANDON_SERVER_FULL_JIT=1 keeps the JVM's default tiers
 * (the way a production broker runs).
 */
export function testJvmFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const jit = env['ANDON_SERVER_FULL_JIT'] === '1' ? [] : ['-XX:TieredStopAtLevel=1'];
  return [...jit, '-XX:+UseG1GC', '-Djava.awt.headless=true'];
}

/** How long a server may take from spawn to healthy (2 shared cores: be generous). */
export function startTimeoutMs(): number {
  const fromEnv = Number(process.env['ANDON_TEST_SERVER_START_TIMEOUT_MS']);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 180_000;
}

/**
 * Spawns the recorded command detached and waits on the real health probe. Fails fast
 * (with the log's tail) if the process exits, and on timeout.
 * `onSpawned` gets the pid at once, so an interrupted start can still be cleaned up.
 */
export async function spawnAndWaitHealthy(
  record: ServerRecord,
  probe: HealthProbe,
  onSpawned: (pid: number) => void,
): Promise<number> {
  const started = Date.now();
  const pid = spawnDetached(record);
  onSpawned(pid);
  try {
    await waitFor(
      async () => {
        if (!isAlive(pid)) throw new WaitAbortedError(`${record.name} exited during start-up`);
        return probe();
      },
      {
        timeoutMs: startTimeoutMs(),
        intervalMs: 250,
        description: `${record.name} at ${record.address} to answer`,
      },
    );
  } catch (error) {
    throw startFailure(record, error);
  }
  return Date.now() - started;
}

export function startFailure(record: ServerRecord, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `[harness] ${record.name} ${record.version} failed to start: ${reason}\n` +
      `command: ${record.command} ${record.args.join(' ')}\n` +
      `--- tail of ${record.logFile} ---\n${tailOfFile(record.logFile)}`,
    { cause: error },
  );
}
