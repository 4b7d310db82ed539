// The addresses the global setup hands to test workers. Workers inherit the Jest
// process's environment, so plain environment variables reach every test file.
export const ENV = {
  servers: 'ANDON_REAL_SERVERS',
  kafkaBrokers: 'ANDON_TEST_KAFKA_BROKERS',
  mongoUri: 'ANDON_TEST_MONGO_URI',
  elasticsearchUrl: 'ANDON_TEST_ELASTICSEARCH_URL',
  mqttUrl: 'ANDON_TEST_MQTT_URL',
  opensearchUrl: 'ANDON_TEST_OPENSEARCH_URL',
  otlpUrl: 'ANDON_TEST_OTLP_URL',
  jaegerQueryUrl: 'ANDON_TEST_JAEGER_QUERY_URL',
  llmUrl: 'ANDON_TEST_LLM_URL',
  stateFile: 'ANDON_TEST_STATE_FILE',
} as const;

export const SERVER_NAMES = [
  'kafka',
  'ferretdb',
  'elasticsearch',
  'mosquitto',
  'opensearch',
  'jaeger',
  'llm',
] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Which servers this run wants, from ANDON_REAL_SERVERS (default: all; "none" for none). */
export function requestedServers(raw = process.env[ENV.servers]): ServerName[] {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'all') return [...SERVER_NAMES];
  if (value === 'none') return [];
  const names = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = names.filter((name) => !(SERVER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${ENV.servers} has unknown server(s) ${unknown.join(', ')}; use a comma list of ${SERVER_NAMES.join(', ')}, or "none"`,
    );
  }
  return SERVER_NAMES.filter((name) => names.includes(name));
}

function notStarted(what: string, server: ServerName, variable: string): Error {
  const current = process.env[ENV.servers] ?? '(unset: all servers)';
  return new Error(
    `${what} was not started by the test harness: set ${ENV.servers} to include "${server}" (now ${current}) ` +
      `and run Jest from the repository root (npx jest, whose global setup starts the servers), ` +
      `or set ${variable} to a running server.`,
  );
}

/** Bootstrap brokers of the run's Kafka (KRaft, single node, topics auto-created with 3 partitions). */
export function kafkaBrokers(): string[] {
  const value = process.env[ENV.kafkaBrokers];
  if (!value) throw notStarted('Kafka', 'kafka', ENV.kafkaBrokers);
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

/** A MongoDB connection string for database `dbName` on the run's MongoDB-wire server (FerretDB). */
export function mongoUri(dbName: string): string {
  const base = process.env[ENV.mongoUri];
  if (!base) throw notStarted('The MongoDB-wire server (FerretDB)', 'ferretdb', ENV.mongoUri);
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(dbName)) {
    throw new Error(
      `mongoUri: "${dbName}" is not a database name FerretDB accepts (letters, digits, _ and -, at most 63)`,
    );
  }
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** Base URL (no trailing slash) of the run's Elasticsearch 7.10 node. */
export function elasticsearchUrl(): string {
  const value = process.env[ENV.elasticsearchUrl];
  if (!value) throw notStarted('Elasticsearch', 'elasticsearch', ENV.elasticsearchUrl);
  return value.replace(/\/+$/, '');
}

/** URL of the run's MQTT broker (Mosquitto 2.0, anonymous listener), e.g. `mqtt://127.0.0.1:41883`. */
export function mqttUrl(): string {
  const value = process.env[ENV.mqttUrl];
  if (!value) throw notStarted('The MQTT broker (Mosquitto)', 'mosquitto', ENV.mqttUrl);
  return value;
}

/** Base URL (no trailing slash) of the run's OpenSearch 2.19 node (k-NN plugin, Lucene engine). */
export function opensearchUrl(): string {
  const value = process.env[ENV.opensearchUrl];
  if (!value) throw notStarted('OpenSearch', 'opensearch', ENV.opensearchUrl);
  return value.replace(/\/+$/, '');
}

/** The run's Jaeger: OTLP/HTTP base URL (append /v1/traces) and query API base URL. */
export function jaegerUrls(): { otlp: string; query: string } {
  const otlp = process.env[ENV.otlpUrl];
  const query = process.env[ENV.jaegerQueryUrl];
  if (!otlp) throw notStarted('Jaeger', 'jaeger', ENV.otlpUrl);
  if (!query) throw notStarted('The Jaeger query API', 'jaeger', ENV.jaegerQueryUrl);
  return { otlp: otlp.replace(/\/+$/, ''), query: query.replace(/\/+$/, '') };
}

/** Base URL (ending in /v1) of the run's local model server: OpenAI-compatible, SmolLM2-135M-Instruct on the CPU. */
export function llmUrl(): string {
  const value = process.env[ENV.llmUrl];
  if (!value) throw notStarted('The local model server', 'llm', ENV.llmUrl);
  return value.replace(/\/+$/, '');
}
