import { Inject, Injectable } from '@nestjs/common';
import { PlantModel, type SiteId } from '@andon/plant-model';
import type { SiteCalendar } from './shift-pattern';

/** What queries and the projection ask of the plant: a site's zone and shifts, a line's ideal rate and site. */
export interface PlantCalendarSettings {
  /** The site's zone and shift pattern; undefined for a site the plant model does not have. */
  siteCalendar(site: SiteId): SiteCalendar | undefined;
  /** Ideal rate (units/min) of a line, for OEE performance. */
  idealRate(site: SiteId, line: string): number | undefined;
  /** Site a line belongs to, when the plant model knows it. */
  siteOfLine(line: string): SiteId | undefined;
  /** Every site of the plant: what a principal scoped to all sites ("*") may read. */
  sites(): readonly SiteId[];
}

/**
 * The plant calendar from the plant model (config/plant/<site>.yaml, ADR 0023): each
 * site's IANA zone and its own shift pattern (three 8-hour shifts at one site, two
 * 12-hour shifts at another), weeks starting on Monday.
 */
@Injectable()
export class PlantCalendar implements PlantCalendarSettings {
  private readonly calendars: ReadonlyMap<SiteId, SiteCalendar>;

  constructor(@Inject(PlantModel) private readonly plant: PlantModel) {
    const calendars = new Map<SiteId, SiteCalendar>();
    for (const id of plant.sites()) {
      const site = plant.site(id);
      if (site) calendars.set(id, { site: id, zone: site.timeZone, shifts: site.shifts });
    }
    this.calendars = calendars;
  }

  siteCalendar(site: SiteId): SiteCalendar | undefined {
    return this.calendars.get(site);
  }

  idealRate(site: SiteId, line: string): number | undefined {
    return this.plant.idealRate(site, line);
  }

  siteOfLine(line: string): SiteId | undefined {
    return this.plant.siteOfLine(line);
  }

  sites(): readonly SiteId[] {
    return this.plant.sites();
  }
}
