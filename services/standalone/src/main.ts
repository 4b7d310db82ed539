import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, resolveLogFormat } from '@andon/observability';
import { GeneratorService } from '@andon/service-mes-sim';
import { installPreAuthentication, startMetricsServer } from '@andon/service-kit';
import { INGEST_PRE_AUTH } from '@andon/service-ingest';
import { loadStandaloneConfig } from './config/standalone.config';
import { composeMesh } from './startup/compose-mesh';
import { startLocalModelIfAsked } from './startup/local-model';
import { stopWithParent } from './startup/stop-with-parent';

/**
 * The whole Andon mesh in one process: every service module on the embedded adapters
 * (in-process bus, SQLite store and ledger), the simulated plant and the console.
 * Configuring KAFKA_BROKERS / MONGO_URI / ELASTICSEARCH_URL / LLM_* switches the
 * distributed adapters on with the same code.
 */
async function bootstrap(): Promise<void> {
  const config = loadStandaloneConfig();
  const log = createLogger(
    'andon',
    config.LOG_LEVEL,
    resolveLogFormat(config.LOG_FORMAT, Boolean(process.stdout.isTTY)),
  );
  // LLM_PROVIDER=local: the local model first, so every gateway the mesh builds points at it.
  const localModel = await startLocalModelIfAsked(process.env, log);
  const mesh = await composeMesh(config, process.env, log);
  // rawBody keeps the exact bytes of ingested JSON for the dead-letter topic.
  const app = await NestFactory.create<NestExpressApplication>(mesh.module, {
    logger: ['error', 'warn'],
    rawBody: true,
    bodyParser: false,
  });
  // Ingest's token is checked before its body is read; then the JSON parser.
  installPreAuthentication(app, INGEST_PRE_AUTH);
  app.useBodyParser('json', { limit: mesh.httpBodyLimit });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  // Prometheus on its own port, bound like the API (loopback unless HTTP_HOST says otherwise).
  // A second laptop mesh (or anything else on 9464) must not stop this one: metrics are optional here.
  const metricsServer =
    config.METRICS_PORT >= 0
      ? await startMetricsServer(mesh.metrics, config.METRICS_PORT, config.HTTP_HOST).catch(
          (err: unknown) => {
            log.warn(
              { port: config.METRICS_PORT, err: err instanceof Error ? err.message : String(err) },
              'metrics port unavailable: /metrics is off (set METRICS_PORT)',
            );
            return undefined;
          },
        )
      : undefined;
  app.getHttpServer().once('close', () => void metricsServer?.close());
  app.getHttpServer().once('close', () => void localModel?.close());
  const url = `http://localhost:${config.HTTP_PORT}`;
  process.stdout.write(
    [
      '',
      `  Andon is running: ${url}`,
      `  data: ${mesh.dataDir}  bus: ${mesh.adapters.bus}  store: ${mesh.adapters.store}`,
      `  listening on ${config.HTTP_HOST}; metrics: ${metricsServer ? `http://${config.HTTP_HOST}:${metricsServer.port}/metrics` : 'off'}`,
      `  knowledge index: ${mesh.adapters.index}  llm: ${mesh.adapters.llm}`,
      `  demo users: qe.anna, sup.ben (plant-a), sup.ines (plant-a line-1 only), qe.carla, sup.dan (plant-b), maint.eva, plan.finn, comp.gita, admin — password andon-demo`,
      '',
    ].join('\n') + '\n',
  );
  stopWithParent(() => app.close(), log);
  // The simulated plant first replays hours of history (a burst of log lines); the ready
  // line is printed again when that is over, so it is the last thing on the screen.
  const generator = app.get(GeneratorService, { strict: false }) as GeneratorService | null;
  void generator?.caughtUp.then(() => {
    const rule = '='.repeat(72);
    process.stdout.write(
      `\n${rule}\n  Andon is ready: ${url}  (plant history replayed; the plant now runs live)\n  Sign in as sup.ben, qe.anna or admin with password andon-demo. Ctrl-C stops it.\n${rule}\n\n`,
    );
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `andon standalone failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
