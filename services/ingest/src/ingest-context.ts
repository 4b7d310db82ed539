import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IngestModule, type IngestModuleOptions } from './ingest.module';

/**
 * Ingest without HTTP, built by Nest from the real module and started (consumers
 * subscribed, sweeps scheduled): what the specs, the benches and the CLI's tools drive
 * with `app.get(IngestPipeline)` and the like. `app.close()` stops it in the service's
 * order; the bus and store stay the caller's to close.
 */
export function createIngestContext(
  options: IngestModuleOptions,
  nest: { logger?: false | Array<'error' | 'warn'> } = {},
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(IngestModule.forRoot(options), {
    logger: nest.logger ?? false,
  });
}
