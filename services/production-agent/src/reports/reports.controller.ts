import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ZodValidationPipe } from '@andon/service-kit';
import { reportQuerySchema, type ReportQuery } from './report-query';
import { ReportScope } from './report-scope';
import { ReportSummaryService, type ReportSummary } from './report-summary.service';

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
    // The console's range selector: the same range for every chart of the report view.
    @Query(new ZodValidationPipe(reportQuerySchema, 'BAD_RANGE')) { site, hours }: ReportQuery,
  ): Promise<ReportSummary> {
    return this.summaries.summary(this.scope.visibleSites(principal, site), hours);
  }
}
