import type { TimeSpec } from '../query/plant-query.dsl';
import {
  SHIFT_CODES,
  lastCompletedShift,
  latestShift,
  shiftCodeAt,
  shiftWindow,
  startOfLocalDay,
  startOfLocalWeek,
  type ShiftCode,
  type TimeWindow,
} from './plant-calendar';

export interface ResolvedWindow extends TimeWindow {
  /** ISO instants, shown to the user with the query. */
  from: string;
  to: string;
  zone: string;
}

const HOUR = 3_600_000;

/**
 * One time spec for one site. "last night" is the night shift (C, 22-06 local) that
 * ended most recently; "shift B" the latest shift B that has started (clipped to now
 * while it runs); "this week" runs from Monday 00:00 local to now. Windows never reach
 * past now: nothing has happened there yet.
 */
export function resolveWindow(spec: TimeSpec, nowMs: number, zone: string): ResolvedWindow {
  const w = rawWindow(spec, nowMs, zone);
  const toMs = Math.min(w.toMs, nowMs);
  return {
    fromMs: w.fromMs,
    toMs,
    from: new Date(w.fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    zone,
  };
}

function rawWindow(spec: TimeSpec, nowMs: number, zone: string): TimeWindow {
  switch (spec.kind) {
    case 'absolute':
      return { fromMs: Date.parse(spec.from), toMs: Date.parse(spec.to) };
    case 'last_hours':
      return { fromMs: nowMs - spec.hours * HOUR, toMs: nowMs };
    case 'shift': {
      const code = spec.shift as ShiftCode;
      if (spec.day === 'latest') return latestShift(code, nowMs, zone);
      return shiftWindow(code, nowMs, zone, spec.day === 'today' ? 0 : -1);
    }
    case 'relative':
      switch (spec.period) {
        case 'today':
          return { fromMs: startOfLocalDay(nowMs, zone), toMs: nowMs };
        case 'yesterday':
          return { fromMs: startOfLocalDay(nowMs, zone, -1), toMs: startOfLocalDay(nowMs, zone) };
        case 'last_night':
          return lastCompletedShift('C', nowMs, zone);
        case 'this_week':
          return { fromMs: startOfLocalWeek(nowMs, zone), toMs: nowMs };
        case 'last_week':
          return { fromMs: startOfLocalWeek(nowMs, zone, -1), toMs: startOfLocalWeek(nowMs, zone) };
        case 'current_shift':
          return latestShift(shiftCodeAt(nowMs, zone), nowMs, zone);
        case 'last_shift': {
          const ended = SHIFT_CODES.map((c) => lastCompletedShift(c, nowMs, zone));
          return ended.reduce((a, b) => (b.toMs > a.toMs ? b : a));
        }
      }
  }
}
