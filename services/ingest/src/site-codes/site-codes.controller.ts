import { Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { IngestRuntime } from '../ingest-runtime';
import { AdminTokenGuard } from '../http-ingest/token.guard';

@Controller('ingest/v1/site-codes')
@UseGuards(AdminTokenGuard)
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
