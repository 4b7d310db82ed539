import { Inject, Injectable } from '@nestjs/common';
import type { SiteId } from '@andon/plant-model';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import { PlantCalendar, type PlantCalendarSettings } from '../calendar/plant-calendar';
import { UnknownShiftError, resolveWindow, type ResolvedWindow } from '../calendar/resolve-window';
import { shiftByCode } from '../calendar/shift-pattern';
import type {
  AnyFact,
  DowntimeFact,
  LotFact,
  NcrFact,
  ProductionFact,
  ProductionHourly,
} from '../facts/plant-facts';
import { PlantFactsRepository } from '../facts/plant-facts.repository';
import { aggregateRow, groupFacts, sortRows, type ResultRow } from './aggregate';
import { Refusal, type ExecutionLimits, type ExecutionResult, type RefusalCode } from './execution-result';
import { FactReader } from './fact-reader';
import { lotRows } from './lot-rows';
import { ncrCycles, ncrCycleTimeRows, stillOpenRaisings } from './ncr-lifecycle';
import { oeeRows, oeeTotal } from './oee-rows';
import type { PlantQuery } from './plant-query.dsl';
import { mtbfRows, mttrRow } from './reliability';

export type { ExecutionLimits, ExecutionResult, RefusalCode } from './execution-result';

/** Injection token of the executor's limits (from PLANT_QUERY_MAX_SCANNED_ROWS, _MAX_RANGE_DAYS, _PRODUCTION_ROLLUPS). */
export const EXECUTION_LIMITS = Symbol('andon:plant-query-execution-limits');

/**
 * Runs a validated query against the operational store, read-only, inside the caller's
 * sites, on each site's own calendar (zone and shift pattern). Aggregation happens here
 * rather than in the store so the same code answers on SQLite and on MongoDB/FerretDB
 * (the port has no aggregation pipeline).
 */
@Injectable()
export class QueryExecutor {
  private readonly reader: FactReader;

  constructor(
    @Inject(PlantFactsRepository) private readonly repo: PlantFactsRepository,
    @Inject(PlantCalendar) private readonly calendar: PlantCalendarSettings,
    @Inject(EXECUTION_LIMITS) private readonly limits: ExecutionLimits,
  ) {
    this.reader = new FactReader(repo, limits);
  }

  async execute(query: PlantQuery, allowedSites: readonly SiteId[], nowMs: number): Promise<ExecutionResult> {
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
    allowedSites: readonly SiteId[],
    nowMs: number,
  ): { ok: true; sites: SiteId[] } | { ok: false; code: RefusalCode; message: string } {
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
    allowedSites: readonly SiteId[],
    nowMs: number,
  ): { sites: SiteId[]; windows: Record<string, ResolvedWindow> } {
    const sites = this.sitesFor(query, allowedSites);
    const windows: Record<string, ResolvedWindow> = {};
    for (const site of sites) {
      const cal = this.calendar.siteCalendar(site);
      if (!cal) throw new Refusal('unknown-site', `${site} is not in the plant model`);
      const unknown = (query.filters.shift ?? []).filter((code) => !shiftByCode(cal, code));
      if (unknown.length > 0)
        throw new Refusal('unknown-shift', new UnknownShiftError(cal, unknown.join(', ')).message);
      let w: ResolvedWindow;
      try {
        w = resolveWindow(query.time, nowMs, cal);
      } catch (err) {
        if (err instanceof UnknownShiftError) throw new Refusal('unknown-shift', err.message);
        throw err;
      }
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
    allowedSites: readonly SiteId[],
    nowMs: number,
  ): Promise<ExecutionResult> {
    const { sites, windows } = this.scope(query, allowedSites, nowMs);
    const windowOf = (site: string) => windows[site] ?? { fromMs: 0, toMs: 0 };
    const kind = METRIC_CATALOGUE[query.metric].fact;
    const facts = await this.reader.load(kind, query, sites, windows);
    let scanned = facts.length;
    const ncrHistory = this.reader.ncrHistory((n) => (scanned += n));

    let rows: ResultRow[];
    let total: ResultRow;
    if (query.metric === 'oee') {
      const stops = await this.reader.load('downtime', query, sites, windows);
      const open = await this.reader.openStops(query, sites, windows);
      scanned += stops.length + open.length;
      rows = oeeRows(
        facts as ProductionFact[],
        stops as DowntimeFact[],
        open,
        windowOf,
        query.groupBy,
        nowMs,
        (site, line) => this.calendar.idealRate(site, line),
      );
      total = oeeTotal(rows);
    } else if (query.metric === 'mtbf') {
      const open = await this.reader.openStops(query, sites, windows);
      scanned += open.length;
      ({ rows, total } = mtbfRows(facts as DowntimeFact[], windowOf, query.groupBy, open, nowMs));
    } else if (query.metric === 'mttr') {
      const stops = facts as DowntimeFact[];
      rows = [...groupFacts(stops, query.groupBy).values()].map((g) => mttrRow(g.key, g.facts, windowOf));
      total = mttrRow({}, stops, windowOf);
    } else if (query.metric === 'ncr_cycle_time') {
      ({ rows, total } = ncrCycleTimeRows(
        await ncrCycles(facts as NcrFact[], windowOf, ncrHistory),
        query.groupBy,
      ));
    } else {
      const metric = query.metric;
      const counted =
        metric === 'open_ncrs' ? await stillOpenRaisings(facts as NcrFact[], windowOf, ncrHistory) : facts;
      rows = [...groupFacts(counted, query.groupBy).values()].map((g) =>
        aggregateRow(metric, g.key, g.facts, windowOf),
      );
      total = aggregateRow(metric, {}, counted, windowOf);
      if (metric === 'lots' && query.groupBy.length === 0)
        rows = await lotRows(this.repo, facts as LotFact[], sites, this.limits.maxScannedRows);
    }
    ({ rows, total } = expandBuckets(facts, rows, total));
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

  private sitesFor(query: PlantQuery, allowed: readonly SiteId[]): SiteId[] {
    if (allowed.length === 0) throw new Refusal('no-sites', 'your account is not scoped to any site');
    const outside: string[] = (query.filters.site ?? []).filter((s) => !allowed.includes(s));
    const lineSites = (query.filters.line ?? [])
      .map((l) => this.calendar.siteOfLine(l))
      .filter((s): s is SiteId => s !== undefined);
    outside.push(...lineSites.filter((s) => !allowed.includes(s)));
    if (outside.length > 0)
      throw new Refusal(
        'site-out-of-scope',
        `you are not authorised for ${[...new Set(outside)].join(', ')}; your sites: ${allowed.join(', ')}`,
      );
    const named = query.filters.site ?? (lineSites.length > 0 ? [...new Set(lineSites)] : undefined);
    return [...(named ?? allowed)].sort();
  }
}

/** Rows read from hourly buckets name the bucket; links must name the facts behind it. */
function expandBuckets(
  facts: readonly AnyFact[],
  rows: ResultRow[],
  total: ResultRow,
): { rows: ResultRow[]; total: ResultRow } {
  const behind = new Map(
    (facts as ReadonlyArray<AnyFact | ProductionHourly>)
      .filter((f): f is ProductionHourly => 'factIds' in f)
      .map((f) => [f._id, f.factIds]),
  );
  if (behind.size === 0) return { rows, total };
  const expand = (row: ResultRow): ResultRow => ({
    ...row,
    recordIds: row.recordIds.flatMap((id) => behind.get(id) ?? [id]),
  });
  return { rows: rows.map(expand), total: expand(total) };
}
