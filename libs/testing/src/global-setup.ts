import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killRecordedServers, killRecordedServersSync, reapStaleRuns, spawnReaper } from './cleanup';
import { dockerAnswers } from './docker-servers';
import { jaegerUrls } from './jaeger-server';
import { ENV, requestedServers, type ServerName } from './harness-env';
import { processStartTicks, readState, writeState, type ServerRecord } from './harness-state';
import { installServer, REPO_ROOT, startContainerServer, startLocalServer } from './start-servers';
import { needsNoServers, type JestGlobalConfigLike } from './test-selection';

// Starts the real servers once per Jest run (root jest.config.js), in parallel, on free
// ports, and hands their addresses to the test workers through environment variables.
// See docs/adr/0003-real-servers-without-docker.md.

const ADDRESS_ENV: Record<ServerName, string> = {
  kafka: ENV.kafkaBrokers,
  ferretdb: ENV.mongoUri,
  elasticsearch: ENV.elasticsearchUrl,
  mosquitto: ENV.mqttUrl,
  opensearch: ENV.opensearchUrl,
  jaeger: ENV.otlpUrl,
  llm: ENV.llmUrl,
};

function say(line: string): void {
  process.stdout.write(`[harness] ${line}\n`);
}

export function runRoot(): string {
  return process.env['ANDON_TEST_RUN_ROOT'] ?? join(tmpdir(), 'andon-test-servers');
}

async function chooseMode(): Promise<'local' | 'docker'> {
  const wanted = (process.env['ANDON_TEST_SERVER_MODE'] ?? 'auto').toLowerCase();
  if (wanted === 'local' || wanted === 'docker') return wanted;
  return (await dockerAnswers()) ? 'docker' : 'local';
}

/** Kills this run's servers if Jest is interrupted or exits without its teardown. */
function installInterruptHandlers(stateFile: string): void {
  const killNow = (): void => {
    const state = readState(stateFile);
    if (state !== undefined) killRecordedServersSync(state);
  };
  process.once('exit', killNow);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      killNow();
      process.exit(code);
    });
  }
}

export default async function globalSetup(globalConfig?: JestGlobalConfigLike): Promise<void> {
  const wanted = requestedServers();
  if (wanted.length > 0 && needsNoServers(REPO_ROOT, globalConfig)) {
    say('no *.int-spec.ts matches the selected test paths: not starting real servers');
    return;
  }
  const external = wanted.filter((name) => Boolean(process.env[ADDRESS_ENV[name]]));
  for (const name of external)
    say(`${name}: using ${process.env[ADDRESS_ENV[name]]} from ${ADDRESS_ENV[name]} (not started here)`);
  const toStart = wanted.filter((name) => !external.includes(name));
  if (toStart.length === 0) {
    if (wanted.length === 0)
      say(`${ENV.servers}=none: no real servers; integration specs will fail fast if they need one`);
    return;
  }

  const root = runRoot();
  for (const stale of reapStaleRuns(root)) say(`cleaned up servers left by an interrupted run (${stale})`);
  const runDir = join(root, `run-${Date.now()}-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const stateFile = join(runDir, 'state.json');
  const ownerStartTicks = processStartTicks(process.pid);
  writeState(stateFile, { version: 1, ownerPid: process.pid, ownerStartTicks, runDir, servers: {} });
  process.env[ENV.stateFile] = stateFile;
  installInterruptHandlers(stateFile);
  spawnReaper(process.pid, ownerStartTicks, stateFile);

  const mode = await chooseMode();
  const begun = Date.now();
  let starts: Promise<ServerRecord>[];
  if (mode === 'docker') {
    say(`a Docker engine answers: starting ${toStart.join(', ')} with testcontainers`);
    starts = toStart.map((name) => startContainerServer(name, runDir, stateFile));
  } else {
    // Installs run one after another (they share ~/.m2 and the Go caches); the starts overlap.
    const installed = new Map<ServerName, string>();
    for (const name of toStart) installed.set(name, await installServer(name));
    starts = toStart.map((name) => startLocalServer(name, runDir, installed.get(name) ?? '', stateFile));
  }
  const results = await Promise.allSettled(starts);
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    const state = readState(stateFile);
    if (state !== undefined) await killRecordedServers(state).catch(() => undefined);
    throw new Error(
      failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('\n\n'),
    );
  }
  for (const result of results) {
    if (result.status !== 'fulfilled') continue;
    const server = result.value;
    process.env[ADDRESS_ENV[server.name]] = server.address;
    if (server.name === 'jaeger') process.env[ENV.jaegerQueryUrl] = jaegerUrls(server).query;
    const how = server.mode === 'docker' ? ' (testcontainers)' : '';
    say(
      `${server.name} ${server.version}${how} ready at ${server.address} in ${((server.startedInMs ?? 0) / 1000).toFixed(1)}s`,
    );
  }
  say(`all servers up in ${((Date.now() - begun) / 1000).toFixed(1)}s; logs and data in ${runDir}`);
}
