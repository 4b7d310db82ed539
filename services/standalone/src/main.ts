import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@andon/observability';
import { installPreAuthentication } from '@andon/service-kit';
import { INGEST_PRE_AUTH } from '@andon/service-ingest';
import { loadStandaloneConfig } from './config/standalone.config';
import { composeMesh } from './startup/compose-mesh';

/**
 * The whole Andon mesh in one process: every service module on the embedded adapters
 * (in-process bus, SQLite store and ledger), the simulated plant and the console.
 * Configuring KAFKA_BROKERS / MONGO_URI / ELASTICSEARCH_URL / LLM_* switches the
 * distributed adapters on with the same code.
 */
async function bootstrap(): Promise<void> {
  const config = loadStandaloneConfig();
  const log = createLogger('andon', config.LOG_LEVEL);
  const mesh = await composeMesh(config, process.env, log);
  // rawBody keeps the exact bytes of ingested JSON for the dead-letter topic.
  const app = await NestFactory.create<NestExpressApplication>(mesh.module, { logger: ['error', 'warn'], rawBody: true, bodyParser: false });
  // Ingest's token is checked before its body is read; then the JSON parser.
  installPreAuthentication(app, INGEST_PRE_AUTH);
  app.useBodyParser('json', { limit: mesh.httpBodyLimit });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const url = `http://localhost:${config.HTTP_PORT}`;
  process.stdout.write(
    [
      '',
      `  Andon is running: ${url}`,
      `  data: ${mesh.dataDir}  bus: ${mesh.adapters.bus}  store: ${mesh.adapters.store}`,
      `  knowledge index: ${mesh.adapters.index}  llm: ${mesh.adapters.llm}`,
      `  demo users: qe.anna, sup.ben (plant-a), sup.ines (plant-a line-1 only), qe.carla, sup.dan (plant-b), maint.eva, plan.finn, comp.gita, admin — password andon-demo`,
      '',
    ].join('\n') + '\n',
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`andon standalone failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
