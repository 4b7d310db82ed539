/**
 * Wall-clock arithmetic in a site's IANA zone: every local boundary (midnight, Monday,
 * a shift start) goes through the zone, so DST changes move UTC boundaries, never local ones.
 */

const DAY = 24 * 3_600_000;

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

/**
 * UTC instant of a local wall-clock time (a time skipped by DST maps to the instant after
 * the gap). Fields may overflow (minute 1,560 is 02:00 the next day), as with Date.UTC.
 */
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
export function localDay(
  ms: number,
  zone: string,
  offsetDays: number,
): { year: number; month: number; day: number } {
  const local = localTime(ms, zone);
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day) + offsetDays * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function startOfLocalDay(ms: number, zone: string, offsetDays = 0): number {
  const { year, month, day } = localDay(ms, zone, offsetDays);
  return zonedToUtc(zone, year, month, day);
}

export function startOfLocalWeek(ms: number, zone: string, offsetWeeks = 0): number {
  const weekday = localTime(ms, zone).weekday;
  return startOfLocalDay(ms, zone, -(weekday - 1) + offsetWeeks * 7);
}

/** The local date of `ms` as YYYY-MM-DD (the `day` dimension of a fact). */
export function localDate(ms: number, zone: string): string {
  const local = localTime(ms, zone);
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}
