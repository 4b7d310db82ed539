import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';

/** Jaeger's query API answers: GET /api/services returns `{ data: [...] }` (`data: null` before any trace). */
export async function jaegerAnswers(queryUrl: string): Promise<boolean> {
  const response = await fetch(`${queryUrl}/api/services`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) return false;
  const body = (await response.json()) as { data?: unknown };
  return body.data === null || Array.isArray(body.data);
}

/** The OTLP/HTTP base URL and the query API base URL of a recorded Jaeger. */
export function jaegerUrls(record: Pick<ServerRecord, 'ports'>): { otlp: string; query: string } {
  return {
    otlp: `http://127.0.0.1:${record.ports['otlp'] ?? 0}`,
    query: `http://127.0.0.1:${record.ports['query'] ?? 0}`,
  };
}

/**
 * Jaeger v2 all-in-one (v1.75.0 module, `cmd/jaeger`) with a config of our own: OTLP/HTTP
 * receiver, in-memory trace store and the query API, every port free and on loopback, its
 * own metrics off (they default to a fixed port).
 */
export async function prepareLocalJaeger(
  runDir: string,
  binary: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'jaeger');
  mkdirSync(home, { recursive: true });
  const [otlp, query, queryGrpc, health] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const config = join(home, 'config.yaml');
  writeFileSync(
    config,
    `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${health}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${query}
    grpc:
      endpoint: 127.0.0.1:${queryGrpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlp}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`,
  );
  const ports = { otlp, query, queryGrpc, health };
  return {
    name: 'jaeger',
    version,
    mode: 'local',
    address: jaegerUrls({ ports }).otlp,
    command: binary,
    args: ['--config', config],
    cwd: home,
    logFile: join(runDir, 'jaeger.log'),
    ports,
    dirs: { home },
  };
}
