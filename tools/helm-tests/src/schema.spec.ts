import { removeStagedChart, renderError, stageChart } from './chart';

// values.schema.json must refuse bad values before anything renders, naming the key.
describe('values.schema.json', () => {
  let chart: string;
  beforeAll(() => {
    chart = stageChart();
  });
  afterAll(() => removeStagedChart(chart));

  it.each([
    [
      'a replica count that is not a number',
      { services: { approval: { replicas: 'two' } } },
      "at '/services/approval/replicas': got string, want integer",
    ],
    [
      'a misspelt service key',
      { services: { approval: { replica: 2 } } },
      "at '/services/approval': additional properties 'replica' not allowed",
    ],
    [
      'a secret as a plain env value',
      { services: { ingest: { env: { LLM_API_KEY: 'sk-x' } } } },
      "at '/services/ingest/env/LLM_API_KEY'",
    ],
    [
      'a connection URI as a plain env value',
      { services: { ingest: { env: { MONGO_URI: 'mongodb://a:b@c' } } } },
      "at '/services/ingest/env/MONGO_URI'",
    ],
    [
      'an unknown secret group',
      { services: { ingest: { secrets: ['vault'] } } },
      "at '/services/ingest/secrets/0'",
    ],
    [
      'a container without limits',
      { services: { ingest: { resources: { limits: null } } } },
      "at '/services/ingest/resources'",
    ],
    [
      'running as root',
      { podSecurityContext: { runAsNonRoot: false } },
      "at '/podSecurityContext/runAsNonRoot'",
    ],
    [
      'a writable root filesystem',
      { containerSecurityContext: { readOnlyRootFilesystem: false } },
      "at '/containerSecurityContext/readOnlyRootFilesystem'",
    ],
    ['a MES range that is not a CIDR', { mes: { cidrs: ['mes.plant.local'] } }, "at '/mes/cidrs/0'"],
    ['a broker without a port', { kafka: { brokers: ['kafka-0'] } }, "at '/kafka/brokers/0'"],
    [
      'an unknown SASL mechanism',
      { kafka: { sasl: { enabled: true, mechanism: 'GSSAPI' } } },
      "at '/kafka/sasl/mechanism'",
    ],
    [
      'a topic outside the naming scheme',
      {
        topics: [
          { name: 'orders', partitions: 1, replicationFactor: 1, retentionMs: 1, cleanupPolicy: 'delete' },
        ],
      },
      "at '/topics/0/name'",
    ],
    [
      'zero partitions',
      {
        topics: [
          {
            name: 'andon.x.v1',
            partitions: 0,
            replicationFactor: 1,
            retentionMs: 1,
            cleanupPolicy: 'delete',
          },
        ],
      },
      "at '/topics/0/partitions'",
    ],
    [
      'autoscaling without bounds',
      { services: { approval: { autoscaling: { enabled: true } } } },
      "at '/services/approval/autoscaling'",
    ],
  ])('refuses %s', (_label, values, message) => {
    const error = renderError(chart, { values });
    expect(error).toContain("values don't meet the specifications of the schema");
    expect(error).toContain(message);
  });

  it('refuses a secret group with neither an existing Secret nor data, naming both fixes', () => {
    const error = renderError(chart, {
      values: { secrets: { signingKey: { existingSecret: '', data: {} } } },
    });
    expect(error).toContain(
      'secrets.signingKey: service approval needs it; set secrets.signingKey.existingSecret (recommended) or secrets.signingKey.data',
    );
  });

  it('refuses SASL without a per-service Kafka principal', () => {
    const sasl = { enabled: true, mechanism: 'SCRAM-SHA-512' };
    const error = renderError(chart, {
      values: { kafka: { sasl }, topicProvisioning: { kafkaSecret: 'andon-kafka-admin' } },
    });
    expect(error).toMatch(/services\.[a-z-]+\.kafkaSecret: kafka\.sasl\.enabled needs a Secret/);
  });

  it('refuses SASL without an admin principal for the topic job', () => {
    const error = renderError(chart, {
      values: { kafka: { sasl: { enabled: true, mechanism: 'SCRAM-SHA-512' } } },
    });
    expect(error).toContain('topicProvisioning.kafkaSecret: kafka.sasl.enabled needs a Secret');
  });
});
