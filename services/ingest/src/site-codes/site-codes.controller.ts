import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { Authenticated } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';
import { SiteCodeRegistry } from './site-code-registry';
import { SiteCodesReload, type SiteCodesReloadReport } from './site-codes-reload.service';

@Controller('ingest/v1/site-codes')
@Authenticated(INGEST_ADMIN_SCHEME)
export class SiteCodesController {
  constructor(
    @Inject(SiteCodeRegistry) private readonly siteCodes: SiteCodeRegistry,
    @Inject(SiteCodesReload) private readonly reloader: SiteCodesReload,
  ) {}

  /** The active code map version of every site. */
  @Get()
  list(): Array<{ site: string; version: number }> {
    return this.siteCodes.list();
  }

  /** Re-reads config/site-codes now (instead of waiting for the refresh interval). */
  @Post('reload')
  @HttpCode(200)
  reload(): Promise<SiteCodesReloadReport> {
    return this.reloader.reload();
  }
}
