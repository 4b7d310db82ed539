import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { IngestRuntime } from '../ingest-runtime';
import { Authenticated } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';

@Controller('ingest/v1/site-codes')
@Authenticated(INGEST_ADMIN_SCHEME)
export class SiteCodesController {
  constructor(@Inject(IngestRuntime) private readonly runtime: IngestRuntime) {}

  /** The active code map version of every site. */
  @Get()
  list(): Array<{ site: string; version: number }> {
    return this.runtime.siteCodes.list();
  }

  /** Re-reads config/site-codes now (instead of waiting for the refresh interval). */
  @Post('reload')
  @HttpCode(200)
  reload() {
    return this.runtime.reloadSiteCodes();
  }
}
