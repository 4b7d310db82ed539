import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ReportSummaryService, type ReportSummary } from './report-summary.service';

export const REPORT_SITES = Symbol('REPORT_SITES');
const SITE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Read API for the console's report view. No authentication here on purpose: in the
 * console deployment the edge (console proxy / ingress) authenticates the user and passes
 * `?site=` for the sites the user may see (docs/adr/0012-agents.md). Without `site` it
 * answers for every configured site, so the port must not be exposed beyond that edge.
 */
@Controller('api/reports')
export class ReportsController {
  constructor(
    @Inject(ReportSummaryService) private readonly summaries: ReportSummaryService,
    @Inject(REPORT_SITES) private readonly sites: () => readonly string[],
  ) {}

  @Get('summary')
  summary(@Query('site') site?: string): Promise<ReportSummary> {
    if (site !== undefined && !SITE.test(site)) throw new BadRequestException({ error: 'site must be a site code' });
    return this.summaries.summary(site !== undefined ? [site] : this.sites());
  }
}
