import { computeOee } from '@andon/plant-metrics';

/** OEE of one line over every production report the ledger holds for it. */
export interface LineOee {
  site: string;
  line: string;
  /** Shift reports pooled. */
  reports: number;
  plannedMinutes: number;
  downtimeMinutes: number;
  good: number;
  scrap: number;
  availability: number;
  performance: number | null;
  quality: number;
  oee: number | null;
}

interface Pool {
  site: string;
  line: string;
  reports: number;
  planned: number;
  downtime: number;
  good: number;
  scrap: number;
  /** Ideal units over the run time, summed shift by shift (the rate may change between shifts). */
  idealUnits: number;
  run: number;
  rateKnown: boolean;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

function parseData(m: Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof m['dataJson'] !== 'string') return undefined;
  try {
    const data: unknown = JSON.parse(m['dataJson']);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pools the production reports (recommendations of kind PRODUCTION_REPORT) per line and
 * computes OEE once over the pooled minutes and counts with @andon/plant-metrics: the OEE
 * of a period is not the mean of its shifts' OEEs. A report without the figures is skipped.
 */
export class LineOeeAccumulator {
  private readonly pools = new Map<string, Pool>();
  private readonly seen = new Set<string>();

  add(subjectId: string, m: Record<string, unknown>): void {
    if (this.seen.has(subjectId)) return;
    const data = parseData(m);
    const location = (m['location'] ?? {}) as Record<string, unknown>;
    const site = typeof location['site'] === 'string' ? location['site'] : '';
    const line = typeof location['line'] === 'string' ? location['line'] : '';
    const planned = num(data?.['plannedMinutes']);
    const downtime = num(data?.['downtimeMinutes']);
    const good = num(data?.['good']);
    const scrap = num(data?.['scrap']);
    if (
      !site ||
      !line ||
      planned === undefined ||
      downtime === undefined ||
      good === undefined ||
      scrap === undefined
    )
      return;
    this.seen.add(subjectId);
    const key = `${site}/${line}`;
    const p = this.pools.get(key) ?? {
      site,
      line,
      reports: 0,
      planned: 0,
      downtime: 0,
      good: 0,
      scrap: 0,
      idealUnits: 0,
      run: 0,
      rateKnown: true,
    };
    const run = Math.max(0, planned - Math.min(planned, downtime));
    const rate = num(data?.['idealRatePerMinute']);
    p.reports += 1;
    p.planned += planned;
    p.downtime += Math.min(planned, downtime);
    p.good += good;
    p.scrap += scrap;
    p.run += run;
    if (rate && rate > 0) p.idealUnits += rate * run;
    else p.rateKnown = false;
    this.pools.set(key, p);
  }

  lines(): LineOee[] {
    return [...this.pools.values()]
      .map((p) => {
        // One rate that gives the pooled ideal units over the pooled run time.
        const rate = p.rateKnown && p.run > 0 ? p.idealUnits / p.run : p.rateKnown ? 1 : undefined;
        const r = computeOee({
          plannedMinutes: p.planned,
          downtimeMinutes: p.downtime,
          good: p.good,
          scrap: p.scrap,
          idealRatePerMinute: rate,
        });
        return {
          site: p.site,
          line: p.line,
          reports: p.reports,
          plannedMinutes: r.plannedMinutes,
          downtimeMinutes: r.downtimeMinutes,
          good: p.good,
          scrap: p.scrap,
          availability: r.availability,
          performance: r.performance,
          quality: r.quality,
          oee: r.oee,
        };
      })
      .sort((a, b) => (a.site + a.line < b.site + b.line ? -1 : 1));
  }
}
