/**
 * Starts one of the test harness's real servers for a benchmark and leaves it running:
 * installed into the cache as `npm test` does, started on free ports with the harness's
 * own settings. Prints the address to pass on (KAFKA_BROKERS, MONGO_URI,
 * ELASTICSEARCH_URL) and how to stop it. Run from the repository root:
 *
 *   ANDON_SERVER_FULL_JIT=1 npm run bench:server -- kafka [run-dir]
 *
 * ANDON_SERVER_FULL_JIT=1 gives the JVM servers their default JIT, as a production broker
 * runs; without it they run C1-only, as in tests (faster start, slower under load).
 */
import { resolve } from 'node:path';
import { SERVER_NAMES, type ServerName } from '@andon/testing';
import { startBenchServer } from './bench-server';
import { benchArgs } from '../bench-args';

const ENV_NAME: Record<ServerName, string> = {
  kafka: 'KAFKA_BROKERS',
  ferretdb: 'MONGO_URI',
  elasticsearch: 'ELASTICSEARCH_URL',
  mosquitto: 'MQTT_URL',
  opensearch: 'OPENSEARCH_URL',
  jaeger: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  llm: 'LLM_BASE_URL',
};

async function main(): Promise<void> {
  const usage = `usage: npm run bench:server -- ${SERVER_NAMES.join('|')} [run-dir]`;
  const args = benchArgs(usage, ['name', 'runDir'], {}, ['name', 'runDir']);
  const name = args.name as ServerName;
  if (!SERVER_NAMES.includes(name)) throw new Error(usage);
  const { server } = await startBenchServer(name, args.runDir ? resolve(args.runDir) : undefined);
  process.stdout.write(
    `${ENV_NAME[name]}=${server.address}\n# ${name} ${server.version}, pid ${server.pid}, logs in ${server.logFile}\n# stop: kill -- -${server.pid}\n`,
  );
  // The server runs in its own process group and outlives this script.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
