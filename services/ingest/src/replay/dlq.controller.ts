import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { Authenticated, ZodValidationPipe } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';
import { SiteCodesReload } from '../site-codes/site-codes-reload.service';
import { DlqReplayService, replayRequestSchema, type ReplayReport } from './dlq-replay.service';

const listQuerySchema = z.object({
  reason: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['pending', 'replayed', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

/** An empty request replays the defaults (pending letters, 100 at most). */
const replayBodySchema = z.preprocess((body) => body ?? {}, replayRequestSchema);

@Controller('ingest/v1/dlq')
@Authenticated(INGEST_ADMIN_SCHEME)
export class DlqController {
  constructor(
    @Inject(DlqReplayService) private readonly replayer: DlqReplayService,
    @Inject(SiteCodesReload) private readonly siteCodes: SiteCodesReload,
  ) {}

  /** Archived dead letters (original bytes omitted; their size is given). */
  @Get()
  async list(@Query(new ZodValidationPipe(listQuerySchema)) filter: z.output<typeof listQuerySchema>) {
    const letters = await this.replayer.list(filter);
    return letters.map(({ value, ...rest }) => ({ ...rest, bytes: Buffer.from(value, 'base64').length }));
  }

  /** Re-reads the code maps first, so a replay right after a mapping fix uses the fix. */
  @Post('replay')
  @HttpCode(200)
  async replay(
    @Body(new ZodValidationPipe(replayBodySchema)) request: z.output<typeof replayRequestSchema>,
  ): Promise<ReplayReport & { siteCodes: Array<{ site: string; version: number }> }> {
    const reload = await this.siteCodes.reload();
    const report = await this.replayer.replay(request);
    return { ...report, siteCodes: reload.sites };
  }
}
