import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError } from '@andon/service-kit';
import { MaintenanceViewService, type MaintenanceView } from './maintenance-view.service';
import { ReportScope } from './report-scope';
import { ShiftChangeService, type ShiftChange } from './shift-change.service';

const HOURS = [8, 24, 72, 168];

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
    @Query('site') site?: string,
  ): Promise<{ lines: ShiftChange[] }> {
    return { lines: await this.shiftChanges.changes(this.scope.visibleSites(principal, site)) };
  }

  @Get('maintenance')
  maintenance(
    @CurrentPrincipal() principal: Principal,
    @Query('site') site?: string,
    @Query('hours') hours?: string,
  ): Promise<MaintenanceView> {
    const h = hours === undefined ? 168 : Number(hours);
    if (!HOURS.includes(h))
      throw new ServiceError(400, 'BAD_RANGE', `hours must be one of ${HOURS.join(', ')}`);
    return this.maintenanceView.view(this.scope.visibleSites(principal, site), h);
  }
}
