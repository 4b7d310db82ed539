import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ALL_SITES, scopedSites, type Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError } from '@andon/service-kit';
import { ReportSummaryService, type ReportSummary } from './report-summary.service';

export const REPORT_SITES = Symbol('REPORT_SITES');
const SITE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const RANGE_HOURS = [8, 24, 72, 168];

/**
 * Read API for the console's report view: a signed-in person's sites only. `?site=` narrows
 * to one of them; a site outside the token's scope is refused, never answered.
 */
@Controller('api/reports')
export class ReportsController {
  constructor(
    @Inject(ReportSummaryService) private readonly summaries: ReportSummaryService,
    @Inject(REPORT_SITES) private readonly sites: () => readonly string[],
  ) {}

  @Get('summary')
  summary(
    @CurrentPrincipal() principal: Principal,
    @Query('site') site?: string,
    @Query('hours') hours?: string,
  ): Promise<ReportSummary> {
    if (site !== undefined && !SITE.test(site))
      throw new ServiceError(400, 'BAD_SITE', 'site must be a site code');
    // The console's range selector: the same range for every chart of the report view.
    const range = hours === undefined ? undefined : Number(hours);
    if (range !== undefined && !RANGE_HOURS.includes(range))
      throw new ServiceError(400, 'BAD_RANGE', `hours must be one of ${RANGE_HOURS.join(', ')}`);
    const allowed = scopedSites(principal);
    const visible = (candidate: string): boolean =>
      allowed.includes(ALL_SITES) || allowed.includes(candidate);
    if (site !== undefined && !visible(site))
      throw new ServiceError(403, 'SITE_OUT_OF_SCOPE', `no access to site ${site}`);
    return this.summaries.summary(site !== undefined ? [site] : this.sites().filter(visible), range);
  }
}
