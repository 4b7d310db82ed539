/**
 * A site's shifts as the plant model states them (config/plant/<site>.yaml: codes, local
 * start times and lengths that tile the day), turned into time windows in the site's zone.
 * A shift belongs to the local day it starts on; the night shift is the one running at
 * local midnight (C 22:00-06:00 of a 3 x 8 h pattern, N 18:00-06:00 of a 2 x 12 h one).
 */
import type { Shift, SiteId } from '@andon/plant-model';
import { localDay, localTime, zonedToUtc, type TimeWindow } from './local-time';

/** The calendar of one site: its IANA zone and its shift pattern (ordered by start). */
export interface SiteCalendar {
  site: SiteId;
  zone: string;
  shifts: readonly Shift[];
}

const MINUTES_PER_DAY = 1_440;

const lengthMinutes = (s: Shift): number => Math.round(s.hours * 60);

/** Whether local minute-of-day `m` falls in `s` (half-open; a shift may run past midnight). */
function covers(s: Shift, m: number): boolean {
  const end = s.startMinute + lengthMinutes(s);
  return (m >= s.startMinute && m < end) || m + MINUTES_PER_DAY < end;
}

function shiftAtMinute(cal: SiteCalendar, m: number): Shift {
  const found = cal.shifts.find((s) => covers(s, m));
  // The plant model refuses a pattern that does not tile the day, so every minute has a shift.
  if (!found) throw new Error(`${cal.site}: no shift covers local minute ${m}`);
  return found;
}

/** The shift running at instant `ms` in the site's local time. */
export function shiftAt(ms: number, cal: SiteCalendar): Shift {
  const local = localTime(ms, cal.zone);
  return shiftAtMinute(cal, local.hour * 60 + local.minute);
}

/** The shift running at local midnight: what "last night" and "the night shift" mean at this site. */
export function nightShift(cal: SiteCalendar): Shift {
  return shiftAtMinute(cal, 0);
}

export function shiftByCode(cal: SiteCalendar, code: string): Shift | undefined {
  return cal.shifts.find((s) => s.code === code);
}

/** The instance of `shift` that starts on the local day `offsetDays` from the day of `ms`. */
export function shiftWindow(shift: Shift, ms: number, cal: SiteCalendar, offsetDays: number): TimeWindow {
  const { year, month, day } = localDay(ms, cal.zone, offsetDays);
  const fromMs = zonedToUtc(cal.zone, year, month, day, 0, shift.startMinute);
  // Local wall-clock end (may fall on the next day): a shift over a DST change is an hour shorter or longer.
  const toMs = zonedToUtc(cal.zone, year, month, day, 0, shift.startMinute + lengthMinutes(shift));
  return { fromMs, toMs };
}

/** The latest instance of `shift` that has started by `nowMs` (clipped to now while it runs). */
export function latestShift(shift: Shift, nowMs: number, cal: SiteCalendar): TimeWindow {
  for (let offset = 0; offset >= -2; offset -= 1) {
    const w = shiftWindow(shift, nowMs, cal, offset);
    if (w.fromMs <= nowMs) return { fromMs: w.fromMs, toMs: Math.min(w.toMs, nowMs) };
  }
  throw new Error(`no shift ${shift.code} started in the last two days`);
}

/** The latest instance of `shift` that has ended by `nowMs`. */
export function lastCompletedShift(shift: Shift, nowMs: number, cal: SiteCalendar): TimeWindow {
  for (let offset = 0; offset >= -2; offset -= 1) {
    const w = shiftWindow(shift, nowMs, cal, offset);
    if (w.toMs <= nowMs) return w;
  }
  throw new Error(`no shift ${shift.code} ended in the last two days`);
}
