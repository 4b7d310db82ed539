import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { CurrentPrincipal } from '@andon/service-kit';
import { ApprovalError } from '../domain/approval-error';
import type { ShadowReportJson } from '../shadow/shadow-report.service';

@Controller('api/policy')
export class PolicyController {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  /** Where the shadow policy version would differ from the active one (?all=true for agreeing cases too). */
  @Get('shadow-report')
  shadowReport(
    @CurrentPrincipal() principal: Principal,
    @Query('all') all?: string,
    @Query('limit') limit?: string,
  ): Promise<ShadowReportJson> {
    const n = limit === undefined || limit === '' ? 200 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      throw new ApprovalError(400, 'BAD_FILTER', 'limit must be an integer from 1 to 1000');
    return this.core.shadow.report(principal, { onlyDiffering: all !== 'true', limit: n });
  }
}
