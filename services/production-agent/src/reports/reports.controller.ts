import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError } from '@andon/service-kit';
import { ReportScope } from './report-scope';
import { ReportSummaryService, type ReportSummary } from './report-summary.service';

const RANGE_HOURS = [8, 24, 72, 168];

/**
 * Read API for the console's report view: a signed-in person's sites only. `?site=` narrows
 * to one of them; a site outside the token's scope is refused, never answered.
 */
@Controller('api/reports')
export class ReportsController {
  constructor(
    @Inject(ReportSummaryService) private readonly summaries: ReportSummaryService,
    @Inject(ReportScope) private readonly scope: ReportScope,
  ) {}

  @Get('summary')
  summary(
    @CurrentPrincipal() principal: Principal,
    @Query('site') site?: string,
    @Query('hours') hours?: string,
  ): Promise<ReportSummary> {
    // The console's range selector: the same range for every chart of the report view.
    const range = hours === undefined ? undefined : Number(hours);
    if (range !== undefined && !RANGE_HOURS.includes(range))
      throw new ServiceError(400, 'BAD_RANGE', `hours must be one of ${RANGE_HOURS.join(', ')}`);
    return this.summaries.summary(this.scope.visibleSites(principal, site), range);
  }
}
