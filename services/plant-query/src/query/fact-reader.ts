import type { Filter } from '@andon/persistence';
import type { SiteId } from '@andon/plant-model';
import type { Dimension, FactKind } from '../catalogue/metric-catalogue';
import type { ResolvedWindow } from '../calendar/resolve-window';
import type { AnyFact, OpenStop } from '../facts/plant-facts';
import type { PlantFactsRepository } from '../facts/plant-facts.repository';
import { HOUR_MS } from '../facts/production-rollup';
import { tooManyRows, type ExecutionLimits } from './execution-result';
import type { NcrHistoryLookup } from './ncr-lifecycle';
import type { PlantQuery } from './plant-query.dsl';

/** Stops longer than this are not looked for before a window's start (keeps the scan on the index). */
const MAX_STOP_MS = 24 * 3_600_000;

const FIELDS: Record<FactKind, readonly Dimension[]> = {
  downtime: ['area', 'line', 'cell', 'shift', 'day', 'reason'],
  production: ['area', 'line', 'cell', 'shift', 'day', 'product'],
  quality: ['area', 'line', 'cell', 'shift', 'day', 'product'],
  alarm: ['area', 'line', 'cell', 'shift', 'day', 'severity', 'alarmCode'],
  ncr: ['area', 'line', 'shift', 'day', 'product', 'severity', 'category', 'supplier'],
  lot: ['area', 'line', 'day', 'supplier', 'material', 'materialClass'],
};

const hasField = (kind: FactKind, dim: Dimension): boolean => FIELDS[kind].includes(dim);

/**
 * The executor's reads: per site, inside the site's window, bounded by `maxScannedRows`
 * (a read that would pass it refuses the question rather than truncating it silently).
 */
export class FactReader {
  constructor(
    private readonly repo: PlantFactsRepository,
    private readonly limits: ExecutionLimits,
  ) {}

  async load(
    kind: FactKind,
    query: PlantQuery,
    sites: readonly SiteId[],
    windows: Record<string, ResolvedWindow>,
  ): Promise<AnyFact[]> {
    const max = this.limits.maxScannedRows;
    const equality: Filter = {};
    for (const [dim, values] of Object.entries(query.filters)) {
      // Filters the fact kind cannot carry (OEE's downtime read by product) do not apply to it.
      if (dim === 'site' || values === undefined || !hasField(kind, dim as Dimension)) continue;
      equality[dim] = { $in: values };
    }
    const out: AnyFact[] = [];
    const read = async (site: SiteId, filter: Filter, production: 'facts' | 'buckets' = 'facts') => {
      const collection = production === 'buckets' ? this.repo.productionHourly : this.repo.facts(kind);
      const found = await collection.find(
        [site],
        { ...equality, ...filter },
        { sort: { atMs: 1, _id: 1 }, limit: max + 1 - out.length },
      );
      out.push(...(found as AnyFact[]));
      if (out.length > max) throw tooManyRows(max);
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
  ncrHistory(onRead: (rows: number) => void): NcrHistoryLookup {
    const max = this.limits.maxScannedRows;
    return async (site, ncrIds, beforeMs) => {
      const found = await this.repo
        .facts('ncr')
        .find(
          [site],
          { ncrId: { $in: [...ncrIds] }, atMs: { $lt: beforeMs } },
          { sort: { atMs: 1, _id: 1 }, limit: max + 1 },
        );
      onRead(found.length);
      if (found.length > max) throw tooManyRows(max);
      return found;
    };
  }

  /** Stops still running that began before a window's end (their end has not arrived): OEE counts them to the window's end. */
  async openStops(
    query: PlantQuery,
    sites: readonly SiteId[],
    windows: Record<string, ResolvedWindow>,
  ): Promise<OpenStop[]> {
    const max = this.limits.maxScannedRows;
    const out: OpenStop[] = [];
    for (const site of sites) {
      const w = windows[site] as ResolvedWindow;
      const filter: Filter = {
        startMs: { $gte: w.fromMs - MAX_STOP_MS, $lt: w.toMs },
        ...(query.filters.line ? { line: { $in: query.filters.line } } : {}),
      };
      out.push(
        ...(await this.repo.openStops.find([site], filter, { sort: { startMs: 1, _id: 1 }, limit: max + 1 })),
      );
      if (out.length > max) throw tooManyRows(max);
    }
    return out;
  }
}
