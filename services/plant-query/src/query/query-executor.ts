import type { Filter } from '@andon/persistence';
import { oeeOverWindow, type Stop } from '@andon/plant-metrics';
import { METRIC_CATALOGUE, type Dimension, type FactKind } from '../catalogue/metric-catalogue';
import { resolveWindow, type ResolvedWindow } from '../calendar/resolve-window';
import type {
  AnyFact,
  DowntimeFact,
  GenealogyFact,
  LotFact,
  NcrFact,
  OpenStop,
  ProductionFact,
  ProductionHourly,
} from '../facts/plant-facts';
import { HOUR_MS } from '../facts/production-rollup';
import type { PlantFactsRepository } from '../facts/plant-facts.repository';
import { aggregateRow, groupFacts, sortRows, type ResultRow } from './aggregate';
import type { PlantQuery } from './plant-query.dsl';
import { ncrCycles, ncrCycleTimeRows, stillOpenRaisings, type NcrHistoryLookup } from './ncr-lifecycle';
import { mtbfRows, mttrRow } from './reliability';

export interface ExecutionLimits {
  maxScannedRows: number;
  maxRangeDays: number;
  /** Read whole hours of production from the hourly buckets (default true); false reads facts only (bench baseline, equivalence tests). */
  productionRollups?: boolean;
}

export interface PlantCalendarSettings {
  zoneOf(site: string): string;
  /** Ideal rate (units/min) of a line, for OEE performance. */
  idealRate(site: string, line: string): number | undefined;
  /** Site a line belongs to, when configuration knows it. */
  siteOfLine(line: string): string | undefined;
}

export type RefusalCode = 'site-out-of-scope' | 'range-too-long' | 'too-many-rows' | 'no-sites';

export type ExecutionResult =
  | {
      ok: true;
      sites: string[];
      windows: Record<string, ResolvedWindow>;
      rows: ResultRow[];
      total: ResultRow;
      truncated: boolean;
      scanned: number;
    }
  | { ok: false; code: RefusalCode; message: string };

/** Stops longer than this are not looked for before a window's start (keeps the scan on the index). */
const MAX_STOP_MS = 24 * 3_600_000;

class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs a validated query against the operational store, read-only, inside the caller's
 * sites. Aggregation happens here rather than in the store so the same code answers on
 * SQLite and on MongoDB/FerretDB (the port has no aggregation pipeline).
 */
export class QueryExecutor {
  constructor(
    private readonly repo: PlantFactsRepository,
    private readonly calendar: PlantCalendarSettings,
    private readonly limits: ExecutionLimits,
  ) {}

  async execute(query: PlantQuery, allowedSites: readonly string[], nowMs: number): Promise<ExecutionResult> {
    try {
      return await this.run(query, allowedSites, nowMs);
    } catch (err) {
      if (err instanceof Refusal) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }

  /**
   * The scope and range checks of `execute` without reading anything: a model's proposed
   * query is checked here before it can reach the store.
   */
  preflight(
    query: PlantQuery,
    allowedSites: readonly string[],
    nowMs: number,
  ): { ok: true; sites: string[] } | { ok: false; code: RefusalCode; message: string } {
    try {
      const { sites } = this.scope(query, allowedSites, nowMs);
      return { ok: true, sites };
    } catch (err) {
      if (err instanceof Refusal) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }

  private scope(
    query: PlantQuery,
    allowedSites: readonly string[],
    nowMs: number,
  ): { sites: string[]; windows: Record<string, ResolvedWindow> } {
    const sites = this.sitesFor(query, allowedSites);
    const windows: Record<string, ResolvedWindow> = {};
    for (const site of sites) {
      const w = resolveWindow(query.time, nowMs, this.calendar.zoneOf(site));
      if (w.toMs - w.fromMs > this.limits.maxRangeDays * 86_400_000) {
        throw new Refusal(
          'range-too-long',
          `the time window is longer than ${this.limits.maxRangeDays} days; ask about a shorter period`,
        );
      }
      windows[site] = w;
    }
    return { sites, windows };
  }

  private async run(
    query: PlantQuery,
    allowedSites: readonly string[],
    nowMs: number,
  ): Promise<ExecutionResult> {
    const { sites, windows } = this.scope(query, allowedSites, nowMs);
    const windowOf = (site: string) => windows[site] ?? { fromMs: 0, toMs: 0 };
    const kind = METRIC_CATALOGUE[query.metric].fact;
    const facts = await this.load(kind, query, sites, windows);
    let scanned = facts.length;

    let rows: ResultRow[];
    let total: ResultRow;
    if (query.metric === 'oee') {
      const stops = await this.load('downtime', query, sites, windows);
      const open = await this.openStops(query, sites, windows);
      scanned += stops.length + open.length;
      rows = this.oeeRows(
        facts as ProductionFact[],
        stops as DowntimeFact[],
        open,
        windowOf,
        query.groupBy,
        nowMs,
      );
      const sum = (k: string) => rows.reduce((s, r) => s + (r.measures[k] ?? 0), 0);
      total = {
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
    } else if (query.metric === 'mtbf') {
      const open = await this.openStops(query, sites, windows);
      scanned += open.length;
      ({ rows, total } = mtbfRows(facts as DowntimeFact[], windowOf, query.groupBy, open, nowMs));
    } else if (query.metric === 'mttr') {
      const stops = facts as DowntimeFact[];
      rows = [...groupFacts(stops, query.groupBy).values()].map((g) => mttrRow(g.key, g.facts, windowOf));
      total = mttrRow({}, stops, windowOf);
    } else if (query.metric === 'ncr_cycle_time') {
      const cycles = await ncrCycles(
        facts as NcrFact[],
        windowOf,
        this.ncrHistory((n) => (scanned += n)),
      );
      ({ rows, total } = ncrCycleTimeRows(cycles, query.groupBy));
    } else {
      const metric = query.metric;
      const counted =
        metric === 'open_ncrs'
          ? await stillOpenRaisings(
              facts as NcrFact[],
              windowOf,
              this.ncrHistory((n) => (scanned += n)),
            )
          : facts;
      rows = [...groupFacts(counted, query.groupBy).values()].map((g) =>
        aggregateRow(metric, g.key, g.facts, windowOf),
      );
      total = aggregateRow(metric, {}, counted, windowOf);
      if (metric === 'lots' && query.groupBy.length === 0)
        rows = await this.lotRows(facts as LotFact[], sites);
    }
    // Rows read from hourly buckets name the bucket; links must name the facts behind it.
    const behind = new Map(
      (facts as ReadonlyArray<AnyFact | ProductionHourly>)
        .filter((f): f is ProductionHourly => 'factIds' in f)
        .map((f) => [f._id, f.factIds]),
    );
    if (behind.size > 0) {
      const expand = (row: ResultRow): ResultRow => ({
        ...row,
        recordIds: row.recordIds.flatMap((id) => behind.get(id) ?? [id]),
      });
      rows = rows.map(expand);
      total = expand(total);
    }
    const sorted = sortRows(rows);
    return {
      ok: true,
      sites,
      windows,
      rows: sorted.slice(0, query.limit),
      total,
      truncated: sorted.length > query.limit,
      scanned,
    };
  }

  private sitesFor(query: PlantQuery, allowed: readonly string[]): string[] {
    if (allowed.length === 0) throw new Refusal('no-sites', 'your account is not scoped to any site');
    const outside = (query.filters.site ?? []).filter((s) => !allowed.includes(s));
    const lineSites = (query.filters.line ?? [])
      .map((l) => this.calendar.siteOfLine(l))
      .filter((s): s is string => s !== undefined);
    outside.push(...lineSites.filter((s) => !allowed.includes(s)));
    if (outside.length > 0)
      throw new Refusal(
        'site-out-of-scope',
        `you are not authorised for ${[...new Set(outside)].join(', ')}; your sites: ${allowed.join(', ')}`,
      );
    const named = query.filters.site ?? (lineSites.length > 0 ? [...new Set(lineSites)] : undefined);
    return [...(named ?? allowed)].sort();
  }

  private async load(
    kind: FactKind,
    query: PlantQuery,
    sites: readonly string[],
    windows: Record<string, ResolvedWindow>,
  ): Promise<AnyFact[]> {
    const equality: Filter = {};
    for (const [dim, values] of Object.entries(query.filters)) {
      // Filters the fact kind cannot carry (OEE's downtime read by product) do not apply to it.
      if (dim === 'site' || values === undefined || !hasField(kind, dim as Dimension)) continue;
      equality[dim] = { $in: values };
    }
    const out: AnyFact[] = [];
    const read = async (site: string, filter: Filter, production: 'facts' | 'buckets' = 'facts') => {
      const collection = production === 'buckets' ? this.repo.productionHourly : this.repo.facts(kind);
      const found = await collection.find(
        [site],
        { ...equality, ...filter },
        { sort: { atMs: 1, _id: 1 }, limit: this.limits.maxScannedRows + 1 - out.length },
      );
      out.push(...(found as AnyFact[]));
      if (out.length > this.limits.maxScannedRows) {
        throw new Refusal(
          'too-many-rows',
          `the question covers more than ${this.limits.maxScannedRows} records; narrow the time window, line or site`,
        );
      }
    };
    for (const site of sites) {
      const w = windows[site] as ResolvedWindow;
      if (kind === 'downtime')
        await read(site, { atMs: { $gte: w.fromMs - MAX_STOP_MS, $lt: w.toMs }, endMs: { $gt: w.fromMs } });
      else if (kind !== 'production' || this.limits.productionRollups === false)
        await read(site, { atMs: { $gte: w.fromMs, $lt: w.toMs } });
      else {
        // Whole hours from the hourly buckets, the ragged edges from the facts: same sums, far fewer documents.
        const a = Math.ceil(w.fromMs / HOUR_MS) * HOUR_MS;
        const b = Math.floor(w.toMs / HOUR_MS) * HOUR_MS;
        if (a >= b) await read(site, { atMs: { $gte: w.fromMs, $lt: w.toMs } });
        else {
          if (w.fromMs < a) await read(site, { atMs: { $gte: w.fromMs, $lt: a } });
          await read(site, { atMs: { $gte: a, $lt: b } }, 'buckets');
          if (b < w.toMs) await read(site, { atMs: { $gte: b, $lt: w.toMs } });
        }
      }
    }
    return out;
  }

  /** An NCR's events before the window end, whatever their time (a raising may predate the window); bounded like any other read. */
  private ncrHistory(onRead: (rows: number) => void): NcrHistoryLookup {
    return async (site, ncrIds, beforeMs) => {
      const found = await this.repo
        .facts('ncr')
        .find(
          [site],
          { ncrId: { $in: [...ncrIds] }, atMs: { $lt: beforeMs } },
          { sort: { atMs: 1, _id: 1 }, limit: this.limits.maxScannedRows + 1 },
        );
      onRead(found.length);
      if (found.length > this.limits.maxScannedRows) {
        throw new Refusal(
          'too-many-rows',
          `the question covers more than ${this.limits.maxScannedRows} records; narrow the time window, line or site`,
        );
      }
      return found;
    };
  }

  /** Stops still running that began before a window's end (their end has not arrived): OEE counts them to the window's end. */
  private async openStops(
    query: PlantQuery,
    sites: readonly string[],
    windows: Record<string, ResolvedWindow>,
  ): Promise<OpenStop[]> {
    const out: OpenStop[] = [];
    for (const site of sites) {
      const w = windows[site] as ResolvedWindow;
      const filter: Filter = {
        startMs: { $gte: w.fromMs - MAX_STOP_MS, $lt: w.toMs },
        ...(query.filters.line ? { line: { $in: query.filters.line } } : {}),
      };
      out.push(
        ...(await this.repo.openStops.find([site], filter, {
          sort: { startMs: 1, _id: 1 },
          limit: this.limits.maxScannedRows + 1,
        })),
      );
      if (out.length > this.limits.maxScannedRows) {
        throw new Refusal(
          'too-many-rows',
          `the question covers more than ${this.limits.maxScannedRows} records; narrow the time window, line or site`,
        );
      }
    }
    return out;
  }

  /** OEE per line by the one definition (@andon/plant-metrics): merged stops clipped to the window, open stops to its end. */
  private oeeRows(
    counts: readonly ProductionFact[],
    stops: readonly DowntimeFact[],
    open: readonly OpenStop[],
    windowOf: (site: string) => { fromMs: number; toMs: number },
    groupBy: readonly Dimension[],
    nowMs: number,
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
      const rate = this.calendar.idealRate(site, line);
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

  /** Lots without grouping: one row per material lot, with the lots it went into. */
  private async lotRows(lots: readonly LotFact[], sites: readonly string[]): Promise<ResultRow[]> {
    const byLot = new Map<string, LotFact[]>();
    for (const l of lots) byLot.set(l.lotId, [...(byLot.get(l.lotId) ?? []), l]);
    const lotIds = [...byLot.keys()];
    const links: GenealogyFact[] = lotIds.length
      ? await this.repo.genealogy.find(
          sites,
          { parentLotId: { $in: lotIds } },
          { limit: this.limits.maxScannedRows },
        )
      : [];
    return lotIds.map((lotId) => {
      const facts = byLot.get(lotId) as LotFact[];
      const first = facts[0] as LotFact;
      const usedIn = [
        ...new Set(links.filter((g) => g.parentLotId === lotId).map((g) => g.childLotId)),
      ].sort();
      return {
        key: {
          site: first.site,
          line: first.line,
          lotId,
          material: first.material,
          supplier: first.supplier,
        },
        value: null,
        measures: {},
        recordIds: facts.map((f) => f._id),
        usedIn,
      };
    });
  }
}

const FIELDS: Record<FactKind, readonly Dimension[]> = {
  downtime: ['area', 'line', 'cell', 'shift', 'day', 'reason'],
  production: ['area', 'line', 'cell', 'shift', 'day', 'product'],
  quality: ['area', 'line', 'cell', 'shift', 'day', 'product'],
  alarm: ['area', 'line', 'cell', 'shift', 'day', 'severity', 'alarmCode'],
  ncr: ['area', 'line', 'shift', 'day', 'product', 'severity', 'category', 'supplier'],
  lot: ['area', 'line', 'day', 'supplier', 'material', 'materialClass'],
};

function hasField(kind: FactKind, dim: Dimension): boolean {
  return FIELDS[kind].includes(dim);
}
