import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { IngestRuntime } from '../ingest-runtime';
import { Authenticated } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';
import { replayRequestSchema, type ReplayReport } from './dlq-replay.service';

const listQuerySchema = z.object({
  reason: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['pending', 'replayed', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    });
  }
  return result.data;
}

@Controller('ingest/v1/dlq')
@Authenticated(INGEST_ADMIN_SCHEME)
export class DlqController {
  constructor(@Inject(IngestRuntime) private readonly runtime: IngestRuntime) {}

  /** Archived dead letters (original bytes omitted; their size is given). */
  @Get()
  async list(@Query() query: Record<string, unknown>) {
    const filter = parse(listQuerySchema, query);
    const letters = await this.runtime.replay.list(filter);
    return letters.map(({ value, ...rest }) => ({ ...rest, bytes: Buffer.from(value, 'base64').length }));
  }

  /** Re-reads the code maps first, so a replay right after a mapping fix uses the fix. */
  @Post('replay')
  @HttpCode(200)
  async replay(
    @Body() body: unknown,
  ): Promise<ReplayReport & { siteCodes: Array<{ site: string; version: number }> }> {
    const request = parse(replayRequestSchema, body ?? {});
    const reload = await this.runtime.reloadSiteCodes();
    const report = await this.runtime.replay.replay(request);
    return { ...report, siteCodes: reload.sites };
  }
}
