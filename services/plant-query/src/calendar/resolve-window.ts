import type { TimeSpec } from '../query/plant-query.dsl';
import { startOfLocalDay, startOfLocalWeek, type TimeWindow } from './local-time';
import {
  lastCompletedShift,
  latestShift,
  nightShift,
  shiftAt,
  shiftByCode,
  shiftWindow,
  type SiteCalendar,
} from './shift-pattern';

export interface ResolvedWindow extends TimeWindow {
  /** ISO instants, shown to the user with the query. */
  from: string;
  to: string;
  zone: string;
}

/** A shift the query names that the site's pattern does not have. */
export class UnknownShiftError extends Error {
  constructor(cal: SiteCalendar, code: string) {
    super(`${cal.site} has no shift ${code}; its shifts are ${cal.shifts.map((s) => s.code).join(', ')}`);
  }
}

const HOUR = 3_600_000;

/**
 * One time spec for one site, on that site's zone and shift pattern. "last night" is the
 * site's night shift (the one running at local midnight) that ended most recently; "shift
 * B" the latest shift B that has started (clipped to now while it runs); "this week" runs
 * from Monday 00:00 local to now. Windows never reach past now: nothing has happened there yet.
 */
export function resolveWindow(spec: TimeSpec, nowMs: number, cal: SiteCalendar): ResolvedWindow {
  const w = rawWindow(spec, nowMs, cal);
  const toMs = Math.min(w.toMs, nowMs);
  return {
    fromMs: w.fromMs,
    toMs,
    from: new Date(w.fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    zone: cal.zone,
  };
}

function rawWindow(spec: TimeSpec, nowMs: number, cal: SiteCalendar): TimeWindow {
  const zone = cal.zone;
  switch (spec.kind) {
    case 'absolute':
      return { fromMs: Date.parse(spec.from), toMs: Date.parse(spec.to) };
    case 'last_hours':
      return { fromMs: nowMs - spec.hours * HOUR, toMs: nowMs };
    case 'shift': {
      const shift = shiftByCode(cal, spec.shift);
      if (!shift) throw new UnknownShiftError(cal, spec.shift);
      if (spec.day === 'latest') return latestShift(shift, nowMs, cal);
      return shiftWindow(shift, nowMs, cal, spec.day === 'today' ? 0 : -1);
    }
    case 'relative':
      switch (spec.period) {
        case 'today':
          return { fromMs: startOfLocalDay(nowMs, zone), toMs: nowMs };
        case 'yesterday':
          return { fromMs: startOfLocalDay(nowMs, zone, -1), toMs: startOfLocalDay(nowMs, zone) };
        case 'last_night':
          return lastCompletedShift(nightShift(cal), nowMs, cal);
        case 'this_week':
          return { fromMs: startOfLocalWeek(nowMs, zone), toMs: nowMs };
        case 'last_week':
          return { fromMs: startOfLocalWeek(nowMs, zone, -1), toMs: startOfLocalWeek(nowMs, zone) };
        case 'current_shift':
          return latestShift(shiftAt(nowMs, cal), nowMs, cal);
        case 'last_shift': {
          const ended = cal.shifts.map((s) => lastCompletedShift(s, nowMs, cal));
          return ended.reduce((a, b) => (b.toMs > a.toMs ? b : a));
        }
      }
  }
}
