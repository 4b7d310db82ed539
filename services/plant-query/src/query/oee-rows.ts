import { oeeOverWindow, type Stop } from '@andon/plant-metrics';
import { siteId } from '@andon/plant-model';
import type { Dimension } from '../catalogue/metric-catalogue';
import type { PlantCalendarSettings } from '../calendar/plant-calendar';
import type { DowntimeFact, OpenStop, ProductionFact } from '../facts/plant-facts';
import { groupFacts, type ResultRow, type WindowOfSite } from './aggregate';

/** OEE per line by the one definition (@andon/plant-metrics): merged stops clipped to the window, open stops to its end. */
export function oeeRows(
  counts: readonly ProductionFact[],
  stops: readonly DowntimeFact[],
  open: readonly OpenStop[],
  windowOf: WindowOfSite,
  groupBy: readonly Dimension[],
  nowMs: number,
  idealRate: PlantCalendarSettings['idealRate'],
): ResultRow[] {
  const byLine = groupFacts([...counts, ...stops], groupBy);
  const openByLine = new Map<string, OpenStop[]>();
  for (const o of open) {
    const key = Object.fromEntries(
      groupBy.map((d) => [d, String((o as unknown as Record<string, unknown>)[d] ?? '')]),
    );
    const id = JSON.stringify(key);
    openByLine.set(id, [...(openByLine.get(id) ?? []), o]);
    if (!byLine.has(id)) byLine.set(id, { key, facts: [] });
  }
  return [...byLine.entries()].map(([id, { key, facts }]) => {
    const site = key['site'] ?? '';
    const line = key['line'] ?? '';
    const lineOpen = openByLine.get(id) ?? [];
    const lineStops: Stop[] = [
      ...facts
        .filter((f): f is DowntimeFact => 'endMs' in f)
        .map((f) => ({ startMs: f.startMs, endMs: f.endMs })),
      ...lineOpen.map((o) => ({ startMs: o.startMs, endMs: null })),
    ];
    const lineCounts = facts.filter((f): f is ProductionFact => 'good' in f);
    const good = lineCounts.reduce((s, f) => s + f.good, 0);
    const scrap = lineCounts.reduce((s, f) => s + f.scrap, 0);
    const rate = site ? idealRate(siteId(site), line) : undefined;
    const r = oeeOverWindow({
      window: windowOf(site),
      nowMs,
      stops: lineStops,
      good,
      scrap,
      idealRatePerMinute: rate,
    });
    const measures = {
      plannedMinutes: Math.round(r.plannedMinutes * 10) / 10,
      downtimeMinutes: Math.round(r.downtimeMinutes * 10) / 10,
      openStops: lineOpen.length,
      good,
      scrap,
      idealRatePerMinute: rate ?? null,
      availability: r.availability,
      performance: r.performance,
      quality: r.quality,
    };
    return {
      key,
      value: r.oee,
      measures,
      recordIds: [...facts.map((f) => f._id), ...lineOpen.map((o) => o._id)],
    };
  });
}

/** The OEE query's total: lines, counts and downtime summed over its rows. */
export function oeeTotal(rows: readonly ResultRow[]): ResultRow {
  const sum = (k: string) => rows.reduce((s, r) => s + (r.measures[k] ?? 0), 0);
  return {
    key: {},
    value: null,
    measures: {
      lines: rows.length,
      good: sum('good'),
      scrap: sum('scrap'),
      downtimeMinutes: sum('downtimeMinutes'),
    },
    recordIds: rows.flatMap((r) => r.recordIds),
  };
}
