import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger, Metrics } from '@andon/observability';
import { installPreAuthentication, type PreAuthRule } from '../auth/pre-authentication';
import { startMetricsServer, type MetricsServer } from './metrics-server';

export interface BootstrapOptions {
  name: string;
  module: Type<unknown>;
  log: Logger;
  metrics: Metrics;
  port: number;
  /** Interface to bind; 127.0.0.1 for the laptop standalone, 0.0.0.0 in a container. */
  host: string;
  /** Port of the metrics server; -1 serves no metrics (a composed test app). */
  metricsPort: number;
  /**
   * JSON body limit in bytes. With rawBody the exact bytes stay on the request (ingest
   * keeps them for the dead-letter topic).
   */
  jsonLimitBytes?: number;
  rawBody?: boolean;
  /** Routes authenticated before any body is read (ingest's event upload). */
  preAuth?: readonly PreAuthRule[];
  /** Ports to close after the application stopped (consumers drained): bus, store. */
  closers?: readonly (() => Promise<void>)[];
  /** Extra lines for the start-up log record. */
  details?: Record<string, unknown>;
}

export interface RunningService {
  app: INestApplication;
  metrics: MetricsServer | undefined;
  /** Ordered stop: the app (consumers stop, in-flight handlers drain), then metrics, then the ports. */
  stop(): Promise<void>;
}

/**
 * Starts a service the one way every service starts: Nest app (the kit's guard and filter
 * come with each service module), bound to `host`, metrics on their own port, and an
 * ordered shutdown on SIGTERM/SIGINT that ends the process once everything closed.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningService> {
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    logger: ['error', 'warn'],
    rawBody: options.rawBody ?? false,
    bodyParser: options.jsonLimitBytes === undefined,
  });
  // Order matters: Express runs middleware as added, so pre-authentication precedes parsing.
  if (options.preAuth && options.preAuth.length > 0) installPreAuthentication(app, options.preAuth);
  if (options.jsonLimitBytes !== undefined) app.useBodyParser('json', { limit: options.jsonLimitBytes });
  await app.listen(options.port, options.host);
  const metrics =
    options.metricsPort >= 0
      ? await startMetricsServer(options.metrics, options.metricsPort, options.host)
      : undefined;
  options.log.info(
    { port: options.port, host: options.host, metricsPort: metrics?.port ?? null, ...options.details },
    `${options.name} listening`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await app.close();
      await metrics?.close();
      for (const close of options.closers ?? []) await close();
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      options.log.info({ signal }, `${options.name} shutting down`);
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          options.log.error({ err }, `${options.name} did not shut down cleanly`);
          process.exit(1);
        },
      );
    });
  }
  return { app, metrics, stop };
}
