import type { Dimension, MetricId } from '../catalogue/metric-catalogue';
import type {
  AlarmFact,
  AnyFact,
  DowntimeFact,
  LotFact,
  NcrFact,
  ProductionFact,
  QualityFact,
} from '../facts/plant-facts';

export interface ResultRow {
  /** Group-by dimension -> value (empty for the overall total). */
  key: Record<string, string>;
  /** The metric's value; null when undefined (e.g. a rate over zero units, an unknown ideal rate). */
  value: number | null;
  /** The numbers the value was computed from, so every figure in the answer is traceable. */
  measures: Record<string, number | null>;
  /** Ids of the stored facts behind the row. */
  recordIds: string[];
  /** Lots only: the lots this material lot was consumed into. */
  usedIn?: string[];
}

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};
export const ratio = (num: number, den: number): number | null => (den > 0 ? round(num / den, 4) : null);

export function groupFacts<T extends AnyFact>(
  facts: readonly T[],
  groupBy: readonly Dimension[],
): Map<string, { key: Record<string, string>; facts: T[] }> {
  const groups = new Map<string, { key: Record<string, string>; facts: T[] }>();
  for (const fact of facts) {
    const key = Object.fromEntries(
      groupBy.map((d) => [d, String((fact as unknown as Record<string, unknown>)[d] ?? '')]),
    );
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, facts: [] };
    group.facts.push(fact);
    groups.set(id, group);
  }
  return groups;
}

const ids = (facts: readonly AnyFact[]): string[] => facts.map((f) => f._id);

/** Minutes of a stop inside [fromMs, toMs). */
export function clippedMinutes(f: DowntimeFact, fromMs: number, toMs: number): number {
  return Math.max(0, Math.min(f.endMs, toMs) - Math.max(f.startMs, fromMs)) / 60_000;
}

export interface WindowOfSite {
  (site: string): { fromMs: number; toMs: number };
}

/** Aggregates one group of facts for every metric except OEE (which needs two fact kinds). */
export function aggregateRow(
  metric: Exclude<MetricId, 'oee' | 'mtbf' | 'mttr' | 'ncr_cycle_time'>,
  key: Record<string, string>,
  facts: readonly AnyFact[],
  windowOf: WindowOfSite,
): ResultRow {
  switch (metric) {
    case 'downtime_minutes': {
      const stops = facts as DowntimeFact[];
      const minutes = stops.reduce(
        (sum, f) => sum + clippedMinutes(f, windowOf(f.site).fromMs, windowOf(f.site).toMs),
        0,
      );
      return { key, value: round(minutes, 1), measures: { stops: stops.length }, recordIds: ids(stops) };
    }
    case 'scrap_rate': {
      const counts = facts as ProductionFact[];
      const good = counts.reduce((s, f) => s + f.good, 0);
      const scrap = counts.reduce((s, f) => s + f.scrap, 0);
      return {
        key,
        value: ratio(scrap, good + scrap),
        measures: { good, scrap, total: good + scrap },
        recordIds: ids(counts),
      };
    }
    case 'first_pass_yield': {
      const checks = facts as QualityFact[];
      const passed = checks.filter((c) => c.passed).length;
      return {
        key,
        value: ratio(passed, checks.length),
        measures: { passed, failed: checks.length - passed, checks: checks.length },
        recordIds: ids(checks),
      };
    }
    case 'alarm_count': {
      const alarms = facts as AlarmFact[];
      return { key, value: alarms.length, measures: {}, recordIds: ids(alarms) };
    }
    case 'open_ncrs': {
      const ncrs = facts as NcrFact[];
      // An NCR updated twice in the window is still one NCR.
      const distinct = new Map(ncrs.map((n) => [n.ncrId || n._id, n]));
      return { key, value: distinct.size, measures: {}, recordIds: ids([...distinct.values()]) };
    }
    case 'lots': {
      const lots = facts as LotFact[];
      const distinct = new Set(lots.map((l) => l.lotId));
      return { key, value: distinct.size, measures: {}, recordIds: ids(lots) };
    }
  }
}

export function sortRows(rows: ResultRow[]): ResultRow[] {
  return rows.sort(
    (a, b) =>
      (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
      JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)),
  );
}
