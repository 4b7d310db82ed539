import { PlantModel, siteId } from '@andon/plant-model';
import { PlantCalendar } from '../calendar/plant-calendar';
import type { SiteCalendar } from '../calendar/shift-pattern';

const THREE_SHIFTS = [
  { code: 'A', start: '06:00', hours: 8 },
  { code: 'B', start: '14:00', hours: 8 },
  { code: 'C', start: '22:00', hours: 8 },
];

const line = (area: string, idealRatePerMinute: number) => ({ area, idealRatePerMinute, machines: {} });

/**
 * The plant the specs and the evaluation run on, built in memory (its figures are worked out
 * by hand in seeded-history.ts and eval-oracle.ts, so it must not follow edits to
 * config/plant): plant-a in Berlin and plant-b in New York, both on three 8-hour shifts.
 */
export const TEST_PLANT = PlantModel.fromFiles(
  [
    {
      site: 'plant-a',
      timeZone: 'Europe/Berlin',
      shifts: THREE_SHIFTS,
      lines: { 'line-1': line('molding', 60), 'line-2': line('assembly', 40) },
    },
    {
      site: 'plant-b',
      timeZone: 'America/New_York',
      shifts: THREE_SHIFTS,
      lines: { 'line-3': line('mixing', 30), 'line-4': line('filling', 80) },
    },
  ],
  'services/plant-query/src/test-support/test-plant.ts',
);

const calendars = new PlantCalendar(TEST_PLANT);

/** A test site's calendar: plant-a is Berlin, plant-b New York, both A 06:00 / B 14:00 / C 22:00. */
export function testSiteCalendar(site: 'plant-a' | 'plant-b'): SiteCalendar {
  const cal = calendars.siteCalendar(siteId(site));
  if (!cal) throw new Error(`${site} is not in the test plant`);
  return cal;
}
