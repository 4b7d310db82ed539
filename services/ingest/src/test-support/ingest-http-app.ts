import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventBus } from '@andon/bus';
import { Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { IngestModule } from '../ingest.module';
import type { IngestSettings } from '../ingest.tokens';
import { quietLogger, testSettings } from './ingest-fixtures';

export interface IngestHttpApp {
  app: INestApplication;
  /** http://127.0.0.1:<port>/ingest/v1 */
  url: string;
}

/**
 * For route specs: the real ingest module on the caller's bus and store, listening on a
 * free local port, with the raw body kept as the service's main does.
 */
export async function startIngestHttpApp(options: {
  bus: EventBus;
  store: DocumentStore;
  settings?: Partial<IngestSettings>;
  metrics?: Metrics;
  /** join the raw-topic and dead-letter consumer groups (default true, as in the service) */
  consume?: boolean;
}): Promise<IngestHttpApp> {
  @Module({
    imports: [
      IngestModule.forRoot({
        bus: options.bus,
        store: options.store,
        log: quietLogger(),
        metrics: options.metrics ?? new Metrics({}, false),
        config: testSettings(options.settings),
        ...(options.consume === undefined ? {} : { consume: options.consume }),
      }),
    ],
  })
  class IngestHttpTestApp {}
  const app = await NestFactory.create(IngestHttpTestApp, { logger: false, rawBody: true });
  await app.listen(0, '127.0.0.1');
  return { app, url: `${await app.getUrl()}/ingest/v1` };
}
