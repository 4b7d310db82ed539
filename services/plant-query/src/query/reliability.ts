import { combineMtbf, combineMttr, mtbf, mttr, type Stop } from '@andon/plant-metrics';
import { isFailureReason } from '@andon/plant-model';
import type { Dimension } from '../catalogue/metric-catalogue';
import type { DowntimeFact, OpenStop } from '../facts/plant-facts';
import { groupFacts, type ResultRow, type WindowOfSite } from './aggregate';

const round1 = (v: number): number => Math.round(v * 10) / 10;
const asStop = (f: DowntimeFact): Stop => ({ startMs: f.startMs, endMs: f.endMs });

function bySite(stops: readonly DowntimeFact[]): Map<string, DowntimeFact[]> {
  const out = new Map<string, DowntimeFact[]>();
  for (const f of stops) out.set(f.site, [...(out.get(f.site) ?? []), f]);
  return out;
}

/**
 * MTTR (minutes) by @andon/plant-metrics: failures starting in each site's window, each
 * repair counted whole. Stored stops have ended; a repair still running is not a repair
 * time yet. Null when there was no failure.
 */
export function mttrRow(
  key: Record<string, string>,
  stops: readonly DowntimeFact[],
  windowOf: WindowOfSite,
): ResultRow {
  const failures = stops.filter((f) => isFailureReason(f.reason));
  const r = combineMttr([...bySite(failures)].map(([site, fs]) => mttr(fs.map(asStop), windowOf(site))));
  return {
    key,
    value: r.minutes === null ? null : round1(r.minutes),
    measures: { failures: r.repairs, repairMinutes: round1(r.repairMinutes) },
    // The failures counted: those that started in their site's window and have ended.
    recordIds: failures.filter((f) => mttr([asStop(f)], windowOf(f.site)).repairs === 1).map((f) => f._id),
  };
}

/**
 * MTBF (minutes) per line by @andon/plant-metrics: (window - merged failure downtime
 * clipped to it) / failures starting in it; a failure still open (its start named a
 * failure reason) is down to the window's end and counts. Other stops (changeover,
 * starved...) are not subtracted. Null with no failure. Only lines with at least one
 * recorded stop in the window appear (the store has no list of lines that ran); the
 * total is summed uptime over summed failures.
 */
export function mtbfRows(
  stops: readonly DowntimeFact[],
  windowOf: WindowOfSite,
  groupBy: readonly Dimension[],
  open: readonly OpenStop[] = [],
  nowMs?: number,
): { rows: ResultRow[]; total: ResultRow } {
  const groups = groupFacts(stops, groupBy);
  const openFailures = new Map<string, OpenStop[]>();
  for (const o of open.filter((s) => isFailureReason(s.reason ?? ''))) {
    const key = Object.fromEntries(
      groupBy.map((d) => [d, String((o as unknown as Record<string, unknown>)[d] ?? '')]),
    );
    const id = JSON.stringify(key);
    openFailures.set(id, [...(openFailures.get(id) ?? []), o]);
    if (!groups.has(id)) groups.set(id, { key, facts: [] });
  }
  const results = [...groups.entries()].map(([id, { key, facts }]) => {
    const failureStops = facts.filter((f) => isFailureReason(f.reason));
    const stillOpen = openFailures.get(id) ?? [];
    const failures: Stop[] = [
      ...failureStops.map(asStop),
      ...stillOpen.map((o) => ({ startMs: o.startMs, endMs: null })),
    ];
    const r = mtbf(failures, windowOf(key['site'] ?? ''), nowMs);
    const row: ResultRow = {
      key,
      value: r.minutes === null ? null : round1(r.minutes),
      measures: {
        plannedMinutes: round1(r.plannedMinutes),
        failureDowntimeMinutes: round1(r.failureDowntimeMinutes),
        uptimeMinutes: round1(r.uptimeMinutes),
        failures: r.failures,
      },
      recordIds: [...failureStops.map((f) => f._id), ...stillOpen.map((o) => o._id)],
    };
    return { row, r };
  });
  const all = combineMtbf(results.map((x) => x.r));
  const total: ResultRow = {
    key: {},
    value: all.minutes === null ? null : round1(all.minutes),
    measures: { lines: results.length, uptimeMinutes: round1(all.uptimeMinutes), failures: all.failures },
    recordIds: results.flatMap((x) => x.row.recordIds),
  };
  return { rows: results.map((x) => x.row), total };
}
