import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';
import { testJvmFlags } from './local-server';

const run = promisify(execFile);

/**
 * A real metadata round trip (the broker is up, registered and serves requests) plus a
 * group-coordinator lookup, which creates __consumer_offsets on a fresh broker (and
 * waits for its leaders after a restart), so the first consumer group of a test does
 * not start with "group coordinator not available" retries.
 */
export async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'andon-test-harness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    await admin.describeGroups(['andon-test-harness-probe']);
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// Kafka's own Uuid.randomUuid() rule: 16 random bytes, base64url, never starting with
// '-' (the storage tool would read it as a flag).
function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Writes a single-node KRaft config (broker + controller) in `<runDir>/kafka`, formats
 * the storage, and returns the record to spawn. Topic auto-creation stays on (Kafka's
 * default, 3 partitions) so producers that rely on it behave as on a default cluster;
 * see docs/adr/0003-real-servers-without-docker.md.
 */
export async function prepareLocalKafka(
  runDir: string,
  libsDir: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'kafka');
  const logDir = join(home, 'data');
  mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const controllerPort = await freePort();
  const properties = join(home, 'server.properties');
  writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${logDir}`,
      'num.partitions=3',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      // One partition (default 50): the harness's coordinator probe then warms the only
      // one, so no test's first consumer group meets "coordinator is loading" retries.
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'transaction.state.log.num.partitions=1',
      'group.initial.rebalance.delay.ms=0',
      // After a SIGKILL the restarted controller keeps the dead incarnation registered
      // until its session expires (9 s by default) and refuses the new one meanwhile.
      'broker.heartbeat.interval.ms=500',
      'broker.session.timeout.ms=3000',
      'log.retention.check.interval.ms=300000',
      '',
    ].join('\n'),
  );
  const log4j = join(home, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=INFO, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n'),
  );
  const classpath = `${libsDir}/*`;
  const jvm = ['-Xms256m', '-Xmx512m', ...testJvmFlags(), `-Dlog4j.configuration=file:${log4j}`];
  await run(
    'java',
    [...jvm, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', kafkaClusterId(), '-c', properties],
    { cwd: home, timeout: 120_000 },
  ).catch((error: unknown) => {
    const detail =
      error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : String(error);
    throw new Error(`[harness] kafka storage format failed: ${detail}`, { cause: error });
  });
  return {
    name: 'kafka',
    version,
    mode: 'local',
    address: `127.0.0.1:${port}`,
    command: 'java',
    args: [...jvm, '-cp', classpath, 'kafka.Kafka', properties],
    cwd: home,
    logFile: join(runDir, 'kafka.log'),
    ports: { broker: port, controller: controllerPort },
    dirs: { home, logDirs: logDir },
  };
}
