import { ENV, elasticsearchUrl, kafkaBrokers, mongoUri, requestedServers } from './harness-env';
import { uniqueName } from './unique-name';

describe('harness environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('parses ANDON_REAL_SERVERS', () => {
    expect(requestedServers(undefined)).toEqual([
      'kafka',
      'ferretdb',
      'elasticsearch',
      'mosquitto',
      'opensearch',
      'jaeger',
      'llm',
    ]);
    expect(requestedServers('none')).toEqual([]);
    expect(requestedServers(' elasticsearch , kafka ')).toEqual(['kafka', 'elasticsearch']);
    expect(() => requestedServers('kafka,postgres')).toThrow(/unknown server\(s\) postgres/);
  });

  it('getters fail loudly when the harness did not start the server', () => {
    delete process.env[ENV.kafkaBrokers];
    delete process.env[ENV.mongoUri];
    delete process.env[ENV.elasticsearchUrl];
    process.env[ENV.servers] = 'none';
    expect(() => kafkaBrokers()).toThrow(
      /Kafka was not started by the test harness: set ANDON_REAL_SERVERS to include "kafka" \(now none\)/,
    );
    expect(() => mongoUri('db')).toThrow(/FerretDB\) was not started by the test harness/);
    expect(() => elasticsearchUrl()).toThrow(/Elasticsearch was not started by the test harness/);
  });

  it('builds addresses from the variables the global setup exports', () => {
    process.env[ENV.kafkaBrokers] = '127.0.0.1:40001,127.0.0.1:40002';
    process.env[ENV.mongoUri] = 'mongodb://127.0.0.1:40003/';
    process.env[ENV.elasticsearchUrl] = 'http://127.0.0.1:40004/';
    expect(kafkaBrokers()).toEqual(['127.0.0.1:40001', '127.0.0.1:40002']);
    expect(mongoUri('actions')).toBe('mongodb://127.0.0.1:40003/actions');
    expect(elasticsearchUrl()).toBe('http://127.0.0.1:40004');
    expect(() => mongoUri('bad.name')).toThrow(/not a database name/);
  });
});

describe('uniqueName', () => {
  it('gives distinct names valid for Kafka topics, FerretDB databases and Elasticsearch indices', () => {
    const names = Array.from({ length: 200 }, () => uniqueName('Quality Agent/NCR_triage'));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
      expect(name.startsWith('quality-agent-ncr-triage-')).toBe(true);
    }
    expect(uniqueName('9lives')).toMatch(/^t9lives-/);
    expect(uniqueName('x'.repeat(200)).length).toBeLessThanOrEqual(63);
  });
});
