import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ALL_SITES, scopedSites, type Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError } from '@andon/service-kit';
import type { MaintenanceView, MaintenanceViewService } from './maintenance-view.service';
import { REPORT_SITES } from './reports.controller';
import type { ShiftChange, ShiftChangeService } from './shift-change.service';

export const PLANT_VIEWS = Symbol('PLANT_VIEWS');
const SITE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const HOURS = [8, 24, 72, 168];

/**
 * The console's shift-change and maintenance views, scoped like GET /api/reports/summary:
 * a signed-in person's sites only; `?site=` outside them is refused, never answered.
 */
@Controller('api/reports')
export class PlantViewsController {
  constructor(
    @Inject(PLANT_VIEWS)
    private readonly views: { shiftChange: ShiftChangeService; maintenance: MaintenanceViewService },
    @Inject(REPORT_SITES) private readonly sites: () => readonly string[],
  ) {}

  @Get('shift-change')
  async shiftChange(
    @CurrentPrincipal() principal: Principal,
    @Query('site') site?: string,
  ): Promise<{ lines: ShiftChange[] }> {
    return { lines: await this.views.shiftChange.changes(this.visibleSites(principal, site)) };
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
    return this.views.maintenance.view(this.visibleSites(principal, site), h);
  }

  private visibleSites(principal: Principal, site: string | undefined): string[] {
    if (site !== undefined && !SITE.test(site))
      throw new ServiceError(400, 'BAD_SITE', 'site must be a site code');
    const allowed = scopedSites(principal);
    const visible = (candidate: string): boolean =>
      allowed.includes(ALL_SITES) || allowed.includes(candidate);
    if (site !== undefined && !visible(site))
      throw new ServiceError(403, 'SITE_OUT_OF_SCOPE', `no access to site ${site}`);
    return site !== undefined ? [site] : this.sites().filter(visible);
  }
}
