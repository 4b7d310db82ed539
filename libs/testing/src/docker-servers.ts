import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import type { ServerName } from './harness-env';
import type { ServerRecord } from './harness-state';

// NOTE: written to the testcontainers API but never run on the machine it was written
// on (no Docker engine there); the local branch is the one CI exercises.

const run = promisify(execFile);

export const DOCKER_IMAGES: Record<Exclude<ServerName, 'llm'>, string> = {
  kafka: 'apache/kafka:3.9.1',
  ferretdb: 'mongo:7.0',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:7.10.2',
  mosquitto: 'eclipse-mosquitto:2.0.11',
  opensearch: 'opensearchproject/opensearch:2.19.1',
  // Jaeger v2 images carry the 2.x tag of the same release as module v1.75.0.
  jaeger: 'jaegertracing/jaeger:2.12.0',
};

/** True when a Docker engine answers `docker info` (quickly). */
export async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the server's container. Kafka gets the same free port inside and outside the
 * container (advertised as 127.0.0.1:<port>), so `docker kill` + `docker start` brings
 * it back at the same address with its log dir, like the local restart.
 */
export async function startDockerServer(
  name: Exclude<ServerName, 'llm'>,
  runDir: string,
): Promise<ServerRecord> {
  const { GenericContainer } = await import('testcontainers');
  const image = DOCKER_IMAGES[name];
  const base = {
    name,
    version: image.split(':')[1] ?? 'unknown',
    mode: 'docker' as const,
    command: 'docker',
    args: [],
    cwd: runDir,
  };
  const logFile = join(runDir, `${name}.log`);
  if (name === 'kafka') {
    const port = await freePort();
    const container = await new GenericContainer(image)
      .withExposedPorts({ container: port, host: port })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${port},CONTROLLER://0.0.0.0:9093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_NUM_PARTITIONS: '3',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '3',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_HEAP_OPTS: '-Xmx512m',
      })
      .start();
    return {
      ...base,
      address: `127.0.0.1:${port}`,
      containerId: container.getId(),
      logFile,
      ports: { broker: port },
      dirs: {},
    };
  }
  if (name === 'ferretdb') {
    const container = await new GenericContainer(image).withExposedPorts(27017).start();
    const port = container.getMappedPort(27017);
    return {
      ...base,
      address: `mongodb://${container.getHost()}:${port}/`,
      containerId: container.getId(),
      logFile,
      ports: { mongo: port },
      dirs: {},
    };
  }
  if (name === 'mosquitto') {
    // The image's default config only listens on loopback inside the container: give it an anonymous listener.
    const container = await new GenericContainer(image)
      .withExposedPorts(1883)
      .withCopyContentToContainer([
        {
          content: 'listener 1883 0.0.0.0\nallow_anonymous true\nmax_queued_messages 0\n',
          target: '/mosquitto/config/mosquitto.conf',
        },
      ])
      .start();
    const port = container.getMappedPort(1883);
    return {
      ...base,
      address: `mqtt://${container.getHost()}:${port}`,
      containerId: container.getId(),
      logFile,
      ports: { plain: port },
      dirs: {},
    };
  }
  if (name === 'jaeger') {
    const container = await new GenericContainer(image).withExposedPorts(4318, 16686).start();
    const ports = { otlp: container.getMappedPort(4318), query: container.getMappedPort(16686) };
    return {
      ...base,
      address: `http://127.0.0.1:${ports.otlp}`,
      containerId: container.getId(),
      logFile,
      ports,
      dirs: {},
    };
  }
  if (name === 'opensearch') {
    const container = await new GenericContainer(image)
      .withExposedPorts(9200)
      .withEnvironment({
        'discovery.type': 'single-node',
        DISABLE_SECURITY_PLUGIN: 'true',
        OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx1g',
      })
      .withStartupTimeout(180_000)
      .start();
    const port = container.getMappedPort(9200);
    return {
      ...base,
      address: `http://${container.getHost()}:${port}`,
      containerId: container.getId(),
      logFile,
      ports: { http: port },
      dirs: {},
    };
  }
  const container = await new GenericContainer(image)
    .withExposedPorts(9200)
    .withEnvironment({
      'discovery.type': 'single-node',
      'xpack.security.enabled': 'false',
      'xpack.ml.enabled': 'false',
      'cluster.routing.allocation.disk.threshold_enabled': 'false',
      ES_JAVA_OPTS: '-Xms512m -Xmx1g',
    })
    .withStartupTimeout(180_000)
    .start();
  const port = container.getMappedPort(9200);
  return {
    ...base,
    address: `http://${container.getHost()}:${port}`,
    containerId: container.getId(),
    logFile,
    ports: { http: port },
    dirs: {},
  };
}

export async function dockerKill(containerId: string): Promise<void> {
  await run('docker', ['kill', containerId], { timeout: 60_000 }).catch(() => undefined);
}

export async function dockerStart(containerId: string): Promise<void> {
  await run('docker', ['start', containerId], { timeout: 60_000 });
}

export async function dockerRemove(containerId: string): Promise<void> {
  await run('docker', ['rm', '-f', '-v', containerId], { timeout: 60_000 }).catch(() => undefined);
}
