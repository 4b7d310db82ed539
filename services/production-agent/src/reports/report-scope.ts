import { Inject, Injectable } from '@nestjs/common';
import { ALL_SITES, scopedSites, type Principal } from '@andon/governance/auth';
import { PlantModel, siteId, type SiteId } from '@andon/plant-model';
import { ServiceError } from '@andon/service-kit';

/**
 * The sites a report route answers for: a signed-in person's sites only. `?site=` (any
 * case, normalised to a SiteId) narrows to one of them and is refused outside the token's
 * scope, never answered; without it, the plant model's sites the token may see.
 */
@Injectable()
export class ReportScope {
  constructor(@Inject(PlantModel) private readonly plant: PlantModel) {}

  visibleSites(principal: Principal, site: string | undefined): SiteId[] {
    let asked: SiteId | undefined;
    try {
      asked = site === undefined ? undefined : siteId(site.length <= 64 ? site : '');
    } catch {
      throw new ServiceError(400, 'BAD_SITE', 'site must be a site code');
    }
    const allowed = scopedSites(principal);
    const visible = (candidate: SiteId): boolean =>
      allowed.includes(ALL_SITES) || allowed.some((s) => s.toLowerCase() === candidate);
    if (asked !== undefined && !visible(asked))
      throw new ServiceError(403, 'SITE_OUT_OF_SCOPE', `no access to site ${asked}`);
    return asked !== undefined ? [asked] : this.plant.sites().filter(visible);
  }
}
