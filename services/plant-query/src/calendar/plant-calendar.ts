/**
 * The plant calendar: three 8-hour shifts in the site's local time (A 06-14, B 14-22,
 * C 22-06, C belonging to the day it starts on) and weeks starting on Monday. All
 * arithmetic on wall-clock time goes through the site's IANA zone, so DST changes move
 * UTC boundaries, never local ones.
 */
import type { PlantModel } from '@andon/plant-model';

export type ShiftCode = 'A' | 'B' | 'C';
export const SHIFT_CODES: readonly ShiftCode[] = ['A', 'B', 'C'];

const SHIFT_START_HOUR: Record<ShiftCode, number> = { A: 6, B: 14, C: 22 };

/**
 * The shift pattern is the plant model's (config/plant); this calendar answers "shift B"
 * and "last night" for the 3 x 8 h pattern A 06:00, B 14:00, C 22:00. A site whose
 * pattern differs is refused at start rather than answered with the wrong shifts.
 */
export function assertCalendarShifts(plant: PlantModel): void {
  for (const site of plant.sites()) {
    const shifts = plant.site(site)?.shifts ?? [];
    const same =
      shifts.length === SHIFT_CODES.length &&
      shifts.every((s) => s.hours === 8 && SHIFT_START_HOUR[s.code as ShiftCode] * 60 === s.startMinute);
    if (!same) {
      const got = shifts
        .map(
          (s) =>
            `${s.code} ${String(Math.floor(s.startMinute / 60)).padStart(2, '0')}:${String(s.startMinute % 60).padStart(2, '0')} ${s.hours}h`,
        )
        .join(', ');
      throw new Error(
        `${plant.source}/${site}.yaml: plant-query's calendar supports the shifts A 06:00, B 14:00, C 22:00 of 8 h; the plant model has ${got}`,
      );
    }
  }
}
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Monday ... 7 = Sunday */
  weekday: number;
}

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localTime(ms: number, zone: string): LocalDateTime {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 0,
  };
}

/** UTC instant of a local wall-clock time (a time skipped by DST maps to the instant after the gap). */
export function zonedToUtc(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  // Two refinements settle every real zone: the offset at the guess, then at the corrected instant.
  for (let i = 0; i < 2; i += 1) {
    const seen = localTime(guess, zone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += wanted - seenAsUtc;
  }
  return guess;
}

/** The local calendar day `offsetDays` from the day of `ms`, as year/month/day. */
function shiftDay(
  ms: number,
  zone: string,
  offsetDays: number,
): { year: number; month: number; day: number } {
  const local = localTime(ms, zone);
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day) + offsetDays * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function shiftCodeAt(ms: number, zone: string): ShiftCode {
  const hour = localTime(ms, zone).hour;
  if (hour >= 6 && hour < 14) return 'A';
  if (hour >= 14 && hour < 22) return 'B';
  return 'C';
}

/** The shift `code` that starts on the local day `offsetDays` from the day of `ms`. */
export function shiftWindow(code: ShiftCode, ms: number, zone: string, offsetDays: number): TimeWindow {
  const { year, month, day } = shiftDay(ms, zone, offsetDays);
  const fromMs = zonedToUtc(zone, year, month, day, SHIFT_START_HOUR[code]);
  const next = shiftDay(fromMs + 8 * HOUR, zone, 0);
  const endHour = (SHIFT_START_HOUR[code] + 8) % 24;
  return { fromMs, toMs: zonedToUtc(zone, next.year, next.month, next.day, endHour) };
}

/** The latest instance of shift `code` that has started by `nowMs` (clipped to now while it runs). */
export function latestShift(code: ShiftCode, nowMs: number, zone: string): TimeWindow {
  for (let offset = 0; offset >= -2; offset -= 1) {
    const w = shiftWindow(code, nowMs, zone, offset);
    if (w.fromMs <= nowMs) return { fromMs: w.fromMs, toMs: Math.min(w.toMs, nowMs) };
  }
  throw new Error(`no shift ${code} started in the last two days`);
}

/** The latest instance of shift `code` that has ended by `nowMs`. */
export function lastCompletedShift(code: ShiftCode, nowMs: number, zone: string): TimeWindow {
  for (let offset = 0; offset >= -2; offset -= 1) {
    const w = shiftWindow(code, nowMs, zone, offset);
    if (w.toMs <= nowMs) return w;
  }
  throw new Error(`no shift ${code} ended in the last two days`);
}

export function startOfLocalDay(ms: number, zone: string, offsetDays = 0): number {
  const { year, month, day } = shiftDay(ms, zone, offsetDays);
  return zonedToUtc(zone, year, month, day);
}

export function startOfLocalWeek(ms: number, zone: string, offsetWeeks = 0): number {
  const weekday = localTime(ms, zone).weekday;
  return startOfLocalDay(ms, zone, -(weekday - 1) + offsetWeeks * 7);
}
