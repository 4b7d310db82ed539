import type { PlantModel } from '@andon/plant-model';
import type { PlantCalendarSettings } from '../query/query-executor';
import { assertCalendarShifts } from './plant-calendar';

/** The calendar queries run on, from the plant model: site zones, ideal rates, the site of a line. */
export function plantCalendar(plant: PlantModel): PlantCalendarSettings {
  assertCalendarShifts(plant);
  return {
    zoneOf: (site) => plant.zoneOf(site) ?? 'UTC',
    idealRate: (site, line) => plant.idealRate(site, line),
    siteOfLine: (line) => plant.siteOfLine(line),
  };
}
