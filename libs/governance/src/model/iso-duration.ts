/**
 * ISO-8601 durations limited to fixed-length units (weeks, days, hours, minutes,
 * seconds). Years and months are refused because their length depends on the calendar,
 * and an approval window must mean the same number of milliseconds everywhere.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(value: string): number {
  const match = DURATION.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) {
    throw new RangeError(
      `"${value}" is not an ISO-8601 duration of weeks/days/hours/minutes/seconds (e.g. PT8H)`,
    );
  }
  const [, w, d, h, m, s] = match;
  const ms =
    Number(w ?? 0) * 604_800_000 +
    Number(d ?? 0) * 86_400_000 +
    Number(h ?? 0) * 3_600_000 +
    Number(m ?? 0) * 60_000 +
    Math.round(Number(s ?? 0) * 1000);
  if (ms <= 0) throw new RangeError(`"${value}" must be longer than zero`);
  return ms;
}
