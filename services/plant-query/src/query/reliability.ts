import { FAILURE_REASONS, type Dimension } from '../catalogue/metric-catalogue';
import type { DowntimeFact } from '../facts/plant-facts';
import { clippedMinutes, groupFacts, type ResultRow, type WindowOfSite } from './aggregate';

const MINUTE = 60_000;
const round1 = (v: number): number => Math.round(v * 10) / 10;

const isFailure = (f: DowntimeFact): boolean => FAILURE_REASONS.includes(f.reason);
/** A failure belongs to the window its stop started in; the loader also returns stops that started earlier and overlap. */
const startsIn = (f: DowntimeFact, w: { fromMs: number; toMs: number }): boolean => f.startMs >= w.fromMs && f.startMs < w.toMs;

/**
 * MTTR (minutes) = sum over failures starting in the window of (endMs - startMs) / their
 * count. The repair is counted whole, not clipped: how long a repair took does not
 * depend on where the question's window ends. Null when there was no failure.
 */
export function mttrRow(key: Record<string, string>, stops: readonly DowntimeFact[], windowOf: WindowOfSite): ResultRow {
  const failures = stops.filter((f) => isFailure(f) && startsIn(f, windowOf(f.site)));
  const repairMinutes = failures.reduce((s, f) => s + (f.endMs - f.startMs) / MINUTE, 0);
  return {
    key,
    value: failures.length > 0 ? round1(repairMinutes / failures.length) : null,
    measures: { failures: failures.length, repairMinutes: round1(repairMinutes) },
    recordIds: failures.map((f) => f._id),
  };
}

/**
 * MTBF (minutes) per line = uptime / failures, where uptime = window minutes minus the
 * failure downtime clipped to the window, and failures = failure stops starting in the
 * window. Other stops (changeover, starved...) are not subtracted: MTBF measures the
 * equipment, and the line was not broken while it changed over. Null with no failure.
 * Only lines with at least one recorded stop in the window appear (the store has no
 * list of lines that ran); the total is summed uptime over summed failures.
 */
export function mtbfRows(stops: readonly DowntimeFact[], windowOf: WindowOfSite, groupBy: readonly Dimension[]): { rows: ResultRow[]; total: ResultRow } {
  const rows = [...groupFacts(stops, groupBy).values()].map(({ key, facts }) => {
    const w = windowOf(key['site'] ?? '');
    const planned = (w.toMs - w.fromMs) / MINUTE;
    const failureStops = facts.filter(isFailure);
    const failureDowntime = Math.min(planned, failureStops.reduce((s, f) => s + clippedMinutes(f, w.fromMs, w.toMs), 0));
    const failures = failureStops.filter((f) => startsIn(f, w));
    const uptime = planned - failureDowntime;
    return {
      key,
      value: failures.length > 0 ? round1(uptime / failures.length) : null,
      measures: { plannedMinutes: round1(planned), failureDowntimeMinutes: round1(failureDowntime), uptimeMinutes: round1(uptime), failures: failures.length },
      recordIds: failureStops.map((f) => f._id),
    };
  });
  const uptime = rows.reduce((s, r) => s + (r.measures['uptimeMinutes'] ?? 0), 0);
  const failures = rows.reduce((s, r) => s + (r.measures['failures'] ?? 0), 0);
  const total: ResultRow = {
    key: {},
    value: failures > 0 ? round1(uptime / failures) : null,
    measures: { lines: rows.length, uptimeMinutes: round1(uptime), failures },
    recordIds: rows.flatMap((r) => r.recordIds),
  };
  return { rows, total };
}
