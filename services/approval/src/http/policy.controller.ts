import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ZodValidationPipe } from '@andon/service-kit';
import { ShadowReportService, type ShadowReportJson } from '../shadow/shadow-report.service';
import { BAD_FILTER, shadowReportQuerySchema, type ShadowReportQuery } from './request-schemas';

@Controller('api/policy')
export class PolicyController {
  constructor(@Inject(ShadowReportService) private readonly shadow: ShadowReportService) {}

  /** Where the shadow policy version would differ from the active one (?all=true for agreeing cases too). */
  @Get('shadow-report')
  shadowReport(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(shadowReportQuerySchema, BAD_FILTER)) query: ShadowReportQuery,
  ): Promise<ShadowReportJson> {
    return this.shadow.report(principal, { onlyDiffering: query.all !== 'true', limit: query.limit });
  }
}
