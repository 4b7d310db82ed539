import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ZodValidationPipe } from '@andon/service-kit';
import { MaintenanceViewService, type MaintenanceView } from './maintenance-view.service';
import { reportQuerySchema, type ReportQuery } from './report-query';
import { ReportScope } from './report-scope';
import { ShiftChangeService, type ShiftChange } from './shift-change.service';

const query = new ZodValidationPipe(reportQuerySchema, 'BAD_RANGE');

/**
 * The console's shift-change and maintenance views, scoped like GET /api/reports/summary:
 * a signed-in person's sites only; `?site=` outside them is refused, never answered.
 */
@Controller('api/reports')
export class PlantViewsController {
  constructor(
    @Inject(ShiftChangeService) private readonly shiftChanges: ShiftChangeService,
    @Inject(MaintenanceViewService) private readonly maintenanceView: MaintenanceViewService,
    @Inject(ReportScope) private readonly scope: ReportScope,
  ) {}

  @Get('shift-change')
  async shiftChange(
    @CurrentPrincipal() principal: Principal,
    @Query(query) { site }: ReportQuery,
  ): Promise<{ lines: ShiftChange[] }> {
    return { lines: await this.shiftChanges.changes(this.scope.visibleSites(principal, site)) };
  }

  @Get('maintenance')
  maintenance(
    @CurrentPrincipal() principal: Principal,
    @Query(query) { site, hours = 168 }: ReportQuery,
  ): Promise<MaintenanceView> {
    return this.maintenanceView.view(this.scope.visibleSites(principal, site), hours);
  }
}
