import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { createEventBus } from '@andon/bus';
import { createLogger, Metrics } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { freePort, kafkaBrokers, mongoUri, uniqueName } from '@andon/testing';
import { loadMcpConfig, McpModule, type McpTopics } from '../../src';

export const ROOT = resolve(__dirname, '../../../..');

export interface McpTestServer {
  /** http://127.0.0.1:<port> */
  base: string;
  /** the MCP endpoint, `${base}/mcp`, also the token audience */
  resource: string;
  close(): Promise<void>;
}

/**
 * The MCP server on the harness's real Kafka and FerretDB, listening on a free local port,
 * with the repository's policies and redaction; `env` adds or overrides its settings.
 */
export async function startMcpTestServer(options: {
  name: string;
  secret: string;
  topics: McpTopics;
  env?: Record<string, string>;
}): Promise<McpTestServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const resource = `${base}/mcp`;
  const dataDir = mkdtempSync(join(tmpdir(), `andon-${options.name}-`));
  const log = createLogger(`${options.name}-spec`, 'silent');
  const bus = createEventBus(
    { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName(options.name) },
    { logger: log },
  );
  const store = await createDocumentStore({
    MONGO_URI: mongoUri(uniqueName(options.name)),
    ANDON_DATA_DIR: dataDir,
  });
  const config = loadMcpConfig({
    HTTP_PORT: String(port),
    MCP_RESOURCE_URL: resource,
    JWT_HS256_SECRET: options.secret,
    POLICY_DIR: join(ROOT, 'policies'),
    LLM_REDACTION_DIR: join(ROOT, 'config/redaction'),
    ...options.env,
  });
  const app = await NestFactory.create(
    McpModule.forRoot({ bus, store, log, metrics: new Metrics({}, false), config, topics: options.topics }),
    { logger: false },
  );
  await app.listen(port, '127.0.0.1');
  return {
    base,
    resource,
    close: async () => {
      await app.close();
      await bus.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
