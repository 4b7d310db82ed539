import type { Shift } from '@andon/plant-model';
import type { SiteSeed } from '../plant/plant-seed';

const DAY_MINUTES = 24 * 60;
const MINUTE = 60_000;

/** Minutes (fractional) after local midnight at `t` in the IANA `timeZone`. */
export function localMinuteOfDay(t: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(t);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute') + (get('second') + t.getUTCMilliseconds() / 1000) / 60;
}

export interface EndedShift {
  shift: Shift;
  startedAt: Date;
  endedAt: Date;
}

/**
 * The site's shift that ended in `(t - stepMs, t]`, if one did: the plant model's pattern
 * in the site's local time (the shifts tile the day, so the one before a shift in start
 * order ends where it begins). Checked every simulated minute, each change of shift is
 * found exactly once.
 */
export function shiftEndedBy(site: SiteSeed, t: Date, stepMs = MINUTE): EndedShift | undefined {
  const minute = localMinuteOfDay(t, site.timeZone);
  const count = site.shifts.length;
  for (let i = 0; i < count; i++) {
    const next = site.shifts[i] as Shift;
    const into = (((minute - next.startMinute) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    if (into * MINUTE >= stepMs) continue;
    const shift = site.shifts[(i - 1 + count) % count] as Shift;
    const endedAt = new Date(t.getTime() - Math.round(into * MINUTE));
    return { shift, endedAt, startedAt: new Date(endedAt.getTime() - shift.hours * 60 * MINUTE) };
  }
  return undefined;
}
