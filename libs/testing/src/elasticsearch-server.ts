import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';
import { testJvmFlags } from './local-server';

/** GET /_cluster/health answers yellow or green. */
export async function elasticsearchAnswers(url: string): Promise<boolean> {
  const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) return false;
  const body = (await response.json()) as { status?: string };
  return body.status === 'green' || body.status === 'yellow';
}

/**
 * One Elasticsearch node in one JVM through the codelibs runner and our launcher
 * (deploy/local/elasticsearch/AndonElasticsearchRunner.java), which takes a free HTTP
 * and transport port. The runner's classpath carries no x-pack, so there is no
 * security or ML to switch off.
 */
export async function prepareLocalElasticsearch(
  runDir: string,
  libsDir: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'elasticsearch');
  mkdirSync(home, { recursive: true });
  const httpPort = await freePort();
  const transportPort = await freePort();
  return {
    name: 'elasticsearch',
    version,
    mode: 'local',
    address: `http://127.0.0.1:${httpPort}`,
    command: 'java',
    args: [
      '-Xms512m',
      '-Xmx1g',
      ...testJvmFlags(),
      '-Dlog4j2.formatMsgNoLookups=true',
      '-cp',
      `${libsDir}/*`,
      'AndonElasticsearchRunner',
      home,
      String(httpPort),
      String(transportPort),
    ],
    cwd: home,
    logFile: join(runDir, 'elasticsearch.log'),
    ports: { http: httpPort, transport: transportPort },
    dirs: { home },
  };
}
