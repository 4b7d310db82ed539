import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { parse } from 'yaml';
import { kafkaBrokers, uniqueName } from '@andon/testing';
import { CHART_SOURCE, REPO_ROOT, removeStagedChart, render, stageChart } from './chart';
import { component, ofKind, podTemplates } from './manifests';

// Runs the rendered topic-provisioning job (its script, topic list and environment) against
// the run's real Kafka, with the Kafka CLI from the same Maven jars the harness uses
// standing in for the apache/kafka image.

const DAY = 86_400_000;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Turns off every HPA the chart's default values enable (their bounds name catalogue topics). */
function autoscalingOff(): Record<string, { autoscaling: { enabled: false } }> {
  const values = parse(readFileSync(join(CHART_SOURCE, 'values.yaml'), 'utf8')) as {
    services: Record<string, { autoscaling?: { enabled?: boolean } }>;
  };
  return Object.fromEntries(
    Object.entries(values.services)
      .filter(([, svc]) => svc.autoscaling?.enabled)
      .map(([name]) => [name, { autoscaling: { enabled: false } }]),
  );
}

describe('topic provisioning job against Kafka', () => {
  let chart: string;
  let work: string;
  let admin: Admin;
  const compacted = uniqueName('andon-job-docs').replace(/^andon-/, 'andon.') + '.v1';
  const deleted = uniqueName('andon-job-events').replace(/^andon-/, 'andon.') + '.v1';

  beforeAll(async () => {
    chart = stageChart();
    work = mkdtempSync(join(tmpdir(), 'andon-topics-job-'));
    const libs = execFileSync('bash', [join(REPO_ROOT, 'deploy/local/install-kafka.sh')], {
      encoding: 'utf8',
    }).trim();
    const shims = {
      'kafka-topics.sh': 'org.apache.kafka.tools.TopicCommand',
      'kafka-configs.sh': 'kafka.admin.ConfigCommand',
    };
    for (const [script, mainClass] of Object.entries(shims)) {
      const file = join(work, script);
      writeFileSync(
        file,
        `#!/bin/sh\nexec java -Xmx256m -XX:TieredStopAtLevel=1 -cp '${libs}/*' ${mainClass} "$@"\n`,
      );
      chmodSync(file, 0o755);
    }
    admin = new Kafka({
      brokers: kafkaBrokers(),
      clientId: 'helm-tests',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    removeStagedChart(chart);
    rmSync(work, { recursive: true, force: true });
  });

  function runJob(
    topics: { name: string; partitions: number; retentionMs: number; cleanupPolicy: string }[],
    increasePartitions: boolean,
  ): Run {
    const objects = render(chart, {
      values: {
        kafka: { brokers: kafkaBrokers() },
        topics: topics.map((t) => ({ ...t, replicationFactor: 3 })),
        // The harness broker is a single node, as in a dev cluster.
        topicProvisioning: { maxReplicationFactor: 1, increasePartitions },
        // HPA bounds refer to catalogue topics that this test's list replaces.
        services: autoscalingOff(),
      },
    });
    const data = (ofKind(objects, 'ConfigMap').find((c) => component(c) === 'topics')?.['data'] ??
      {}) as Record<string, string>;
    const job = podTemplates(objects).find((p) => p.owner.kind === 'Job');
    const container = job?.spec.containers[0];
    if (!container || !data['provision-topics.sh'] || !data['topics.tsv'])
      throw new Error('the chart rendered no topic job');
    writeFileSync(join(work, 'provision-topics.sh'), data['provision-topics.sh']);
    writeFileSync(join(work, 'topics.tsv'), data['topics.tsv']);
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', TMPDIR: work };
    for (const entry of container.env ?? []) if (entry.value !== undefined) env[entry.name] = entry.value;
    Object.assign(env, {
      KAFKA_BIN: work,
      TOPICS_FILE: join(work, 'topics.tsv'),
      LOG_DIR: join(work, 'logs'),
    });
    const run = spawnSync('/bin/sh', [join(work, 'provision-topics.sh')], {
      env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  }

  async function topicState(
    name: string,
  ): Promise<{ partitions: number; retentionMs: string; cleanupPolicy: string }> {
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'cleanup.policy'] }],
    });
    const entries = configs.resources[0]?.configEntries ?? [];
    const value = (key: string): string =>
      entries.find((e) => e.configName === key)?.configValue ?? '(missing)';
    return {
      partitions: metadata.topics[0]?.partitions.length ?? 0,
      retentionMs: value('retention.ms'),
      cleanupPolicy: value('cleanup.policy'),
    };
  }

  it('creates missing topics with the catalogue partitions, retention and cleanup policy', async () => {
    const run = runJob(
      [
        { name: compacted, partitions: 2, retentionMs: -1, cleanupPolicy: 'compact' },
        { name: deleted, partitions: 3, retentionMs: 7 * DAY, cleanupPolicy: 'delete' },
      ],
      false,
    );
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    expect(run.stdout).toContain('done, 2 created, 0 reconciled');
    expect(await topicState(compacted)).toEqual({
      partitions: 2,
      retentionMs: '-1',
      cleanupPolicy: 'compact',
    });
    expect(await topicState(deleted)).toEqual({
      partitions: 3,
      retentionMs: String(7 * DAY),
      cleanupPolicy: 'delete',
    });
  }, 240_000);

  it('reconciles retention on the next revision and only warns about missing partitions', async () => {
    const run = runJob(
      [
        { name: compacted, partitions: 2, retentionMs: -1, cleanupPolicy: 'compact' },
        { name: deleted, partitions: 6, retentionMs: 3 * DAY, cleanupPolicy: 'delete' },
      ],
      false,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('done, 0 created, 2 reconciled');
    expect(run.stderr).toContain(`WARNING ${deleted} has 3 partitions, catalogue says 6`);
    expect(await topicState(deleted)).toEqual({
      partitions: 3,
      retentionMs: String(3 * DAY),
      cleanupPolicy: 'delete',
    });
  }, 240_000);

  it('adds partitions when increasePartitions is on', async () => {
    const run = runJob(
      [{ name: deleted, partitions: 6, retentionMs: 3 * DAY, cleanupPolicy: 'delete' }],
      true,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${deleted} partitions 3 -> 6`);
    expect((await topicState(deleted)).partitions).toBe(6);
  }, 240_000);
});
