import { oeeOverWindow, type OeeResult } from '@andon/plant-metrics';
import {
  asStops,
  downtimeIntervals,
  downtimePareto,
  type DowntimeInterval,
  type DowntimeMark,
} from '../oee/downtime-intervals';
import type { LineFact } from '../facts/line-fact';
import type { LineFactsRepository } from '../facts/line-facts.repository';

const HOUR = 3_600_000;
/** Stops that began this long before a window still count for the part inside it. */
const DOWNTIME_LOOKBACK_MS = 24 * HOUR;
const MAINTENANCE_LOOKBACK_MS = 7 * 24 * HOUR;
const CLOSED_MAINTENANCE = new Set(['completed', 'cancelled']);

export interface ShiftFacts {
  from: number;
  to: number;
  counts: LineFact[];
  intervals: DowntimeInterval[];
  quality: LineFact[];
  notes: LineFact[];
  openMaintenance: LineFact[];
  oee: OeeResult;
  pareto: Array<{ reason: string; minutes: number }>;
  /** Units the line would make at its ideal rate in the planned time (the plan the narrative compares with). */
  plannedUnits: number;
}

export function marksOf(facts: readonly LineFact[]): DowntimeMark[] {
  return facts
    .filter(
      (f): f is LineFact & { kind: 'downtime_start' | 'downtime_end' } =>
        f.kind === 'downtime_start' || f.kind === 'downtime_end',
    )
    .map((f) => ({
      kind: f.kind,
      at: f.at,
      downtimeId: f.downtimeId,
      machineId: f.machineId,
      reason: f.reason,
      startedAt: f.startedAt,
      eventId: f.eventId,
    }));
}

/** Stops on the line clipped to [from, to). */
export async function stopsIn(
  facts: LineFactsRepository,
  site: string,
  line: string,
  from: number,
  to: number,
): Promise<DowntimeInterval[]> {
  const marks = await facts.inWindow(
    site,
    line,
    ['downtime_start', 'downtime_end'],
    from - DOWNTIME_LOOKBACK_MS,
    to + 1,
  );
  return downtimeIntervals(marksOf(marks), from, to);
}

/** Everything the shift report and handoff are computed from, for one line and period. */
export async function gatherShiftFacts(
  facts: LineFactsRepository,
  site: string,
  line: string,
  from: number,
  to: number,
  idealRatePerMinute: number | undefined,
): Promise<ShiftFacts> {
  const inShift = await facts.inWindow(site, line, ['count', 'quality_fail', 'ncr', 'note'], from, to + 1);
  // Counts in [from, to), as every window is half-open: a count stamped at the shift end belongs to the next shift.
  const counts = inShift.filter((f) => f.kind === 'count' && f.at < to);
  const intervals = await stopsIn(facts, site, line, from, to);
  const maintenance = await facts.inWindow(site, line, ['maintenance'], to - MAINTENANCE_LOOKBACK_MS, to + 1);
  const latestByRef = new Map<string, LineFact>();
  for (const m of maintenance) latestByRef.set(m.ref ?? m.eventId, m);
  const good = counts.reduce((s, c) => s + (c.good ?? 0), 0);
  const scrap = counts.reduce((s, c) => s + (c.scrap ?? 0), 0);
  const plannedMinutes = Math.max(0, (to - from) / 60_000);
  // The one OEE definition (plant-metrics): merged stops, clipped to the shift, open stops to its end.
  const oee = oeeOverWindow({
    window: { fromMs: from, toMs: to },
    stops: asStops(intervals),
    good,
    scrap,
    idealRatePerMinute,
  });
  return {
    from,
    to,
    counts,
    intervals,
    quality: inShift.filter((f) => f.kind === 'quality_fail' || f.kind === 'ncr'),
    notes: inShift.filter((f) => f.kind === 'note'),
    openMaintenance: [...latestByRef.values()].filter((m) => !CLOSED_MAINTENANCE.has(m.state ?? '')),
    oee,
    pareto: downtimePareto(intervals),
    plannedUnits: Math.max(
      1,
      Math.round(idealRatePerMinute ? idealRatePerMinute * plannedMinutes : good + scrap),
    ),
  };
}
