import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { Authenticated, CurrentCaller, type Caller } from '@andon/service-kit';
import type { Request, Response } from 'express';
import { HeaderNames } from '@andon/contracts';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.tokens';
import { HttpIngestService } from './http-ingest.service';
import { readRequestBody } from './request-body';
import { INGEST_SCHEME } from './ingest-auth';

@Controller('ingest/v1')
export class HttpIngestController {
  constructor(
    @Inject(HttpIngestService) private readonly http: HttpIngestService,
    @Inject(INGEST_SETTINGS) private readonly settings: IngestSettings,
  ) {}

  /** 202: every event published or deduped; 4xx: some refused (and dead-lettered); body lists each event's outcome. */
  @Post('events')
  @Authenticated(INGEST_SCHEME)
  async events(@CurrentCaller() caller: Caller, @Req() req: Request, @Res() res: Response): Promise<void> {
    const contentType = req.headers['content-type'];
    const limit = this.settings.INGEST_HTTP_MAX_BODY_BYTES;
    const body = await readRequestBody(req, limit);
    const result = body.truncated
      ? await this.http.refuseBody(
          body.bytes,
          contentType,
          'oversized',
          `request body exceeds ${limit} bytes (first ${limit} kept)`,
        )
      : await this.http.ingest(
          body.bytes,
          contentType,
          caller.id,
          headerValue(req, HeaderNames.TraceParent),
          caller.sites,
        );
    res.status(result.status).json(result.body);
  }
}

function headerValue(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
