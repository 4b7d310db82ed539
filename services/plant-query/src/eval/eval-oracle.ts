import {
  AlarmSeverity,
  AlarmState,
  CheckResult,
  DowntimeReason,
  NonconformanceStatus,
  type PlantEvent,
} from '@andon/contracts';
import type { MetricId } from '../catalogue/metric-catalogue';

/**
 * The evaluation's answer key: straight loops over the raw plant events, sharing no code
 * with the projector, the calendar or the executor. Time windows are written out by hand
 * for NOW = Wed 2025-03-05 12:00Z (plant-a Berlin UTC+1, plant-b New York UTC-5; no DST
 * change inside the history), shifts from fixed UTC offsets. Rounding follows the
 * documented precision: minutes to 0.1, ratios to 0.0001.
 */
export type WindowName =
  | 'today'
  | 'yesterday'
  | 'lastNight'
  | 'thisWeek'
  | 'lastWeek'
  | 'lastShift'
  | 'shiftB'
  | 'shiftCYesterday'
  | 'last8h'
  | 'last12h'
  | 'last24h'
  | 'last48h';
export type OracleDim = 'site' | 'line' | 'reason' | 'severity' | 'product' | 'supplier';

export interface OracleSpec {
  metric: MetricId;
  sites: readonly string[];
  window: WindowName;
  filter?: {
    line?: readonly string[];
    shift?: string;
    product?: string;
    severity?: string;
    supplier?: string;
    materialClass?: string;
  };
  groupBy?: readonly OracleDim[];
}

export interface OracleAnswer {
  total: number | null;
  /** Group label (group-by values joined with '|'; lot id for ungrouped lots) -> value. */
  rows: Record<string, number | null>;
}

const Z = (s: string) => Date.parse(s);
const NOW = '2025-03-05T12:00:00Z';
const W: Record<string, Record<WindowName, [string, string]>> = {
  'plant-a': {
    today: ['2025-03-04T23:00:00Z', NOW],
    yesterday: ['2025-03-03T23:00:00Z', '2025-03-04T23:00:00Z'],
    lastNight: ['2025-03-04T21:00:00Z', '2025-03-05T05:00:00Z'],
    thisWeek: ['2025-03-02T23:00:00Z', NOW],
    lastWeek: ['2025-02-23T23:00:00Z', '2025-03-02T23:00:00Z'],
    lastShift: ['2025-03-04T21:00:00Z', '2025-03-05T05:00:00Z'],
    shiftB: ['2025-03-04T13:00:00Z', '2025-03-04T21:00:00Z'],
    shiftCYesterday: ['2025-03-04T21:00:00Z', '2025-03-05T05:00:00Z'],
    last8h: ['2025-03-05T04:00:00Z', NOW],
    last12h: ['2025-03-05T00:00:00Z', NOW],
    last24h: ['2025-03-04T12:00:00Z', NOW],
    last48h: ['2025-03-03T12:00:00Z', NOW],
  },
  'plant-b': {
    today: ['2025-03-05T05:00:00Z', NOW],
    yesterday: ['2025-03-04T05:00:00Z', '2025-03-05T05:00:00Z'],
    lastNight: ['2025-03-05T03:00:00Z', '2025-03-05T11:00:00Z'],
    thisWeek: ['2025-03-03T05:00:00Z', NOW],
    lastWeek: ['2025-02-24T05:00:00Z', '2025-03-03T05:00:00Z'],
    lastShift: ['2025-03-05T03:00:00Z', '2025-03-05T11:00:00Z'],
    shiftB: ['2025-03-04T19:00:00Z', '2025-03-05T03:00:00Z'],
    shiftCYesterday: ['2025-03-05T03:00:00Z', '2025-03-05T11:00:00Z'],
    last8h: ['2025-03-05T04:00:00Z', NOW],
    last12h: ['2025-03-05T00:00:00Z', NOW],
    last24h: ['2025-03-04T12:00:00Z', NOW],
    last48h: ['2025-03-03T12:00:00Z', NOW],
  },
};
const OFFSET_HOURS: Record<string, number> = { 'plant-a': 1, 'plant-b': -5 };
const RATES: Record<string, number> = { 'line-1': 60, 'line-2': 40, 'line-3': 30, 'line-4': 80 };
const FAILURES = ['mechanical_failure', 'electrical_failure'];

function shiftOf(ms: number, site: string): string {
  const hour = (((new Date(ms).getUTCHours() + (OFFSET_HOURS[site] ?? 0)) % 24) + 24) % 24;
  return hour >= 6 && hour < 14 ? 'A' : hour >= 14 && hour < 22 ? 'B' : 'C';
}
const r1 = (v: number) => Math.round(v * 10) / 10;
const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
const rate = (num: number, den: number) => (den > 0 ? r4(num / den) : null);

/** Minutes of [from, to) covered by at least one of the intervals (overlaps once). */
function coveredMinutes(
  intervals: ReadonlyArray<{ at: number; end: number }>,
  from: number,
  to: number,
): number {
  const marks = intervals
    .map((i) => [Math.max(i.at, from), Math.min(i.end, to)] as const)
    .filter(([a, b]) => b > a);
  marks.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = from;
  for (const [a, b] of marks) {
    if (b > reach) total += b - Math.max(a, reach);
    reach = Math.max(reach, b);
  }
  return total / 60_000;
}

/** The reason name the ADR fixes: canonical in lower case, unmapped:<site code>, or unspecified. */
function reasonName(canonical: DowntimeReason, code: string): string {
  if (canonical === DowntimeReason.UNSPECIFIED || canonical === DowntimeReason.UNMAPPED)
    return code.trim() ? `unmapped:${code.trim()}` : 'unspecified';
  return (DowntimeReason[canonical] ?? '').toLowerCase();
}

/** One flat record per fact-bearing event, read straight from the proto. */
interface Rec {
  kind: 'count' | 'stop' | 'alarm' | 'check' | 'ncr' | 'lot';
  site: string;
  line: string;
  at: number;
  end: number;
  shift: string;
  product: string;
  reason: string;
  severity: string;
  good: number;
  scrap: number;
  passed: boolean;
  id: string;
  supplier: string;
  materialClass: string;
  /** NCRs: 'open' (raised: OPEN or no status), 'contained' or 'closed'. */
  status: string;
  /** NCR cycle time only: when the closed NCR was first raised. */
  raisedAt: number;
}

export function flatten(events: readonly PlantEvent[]): Rec[] {
  const starts = new Map<string, number>();
  for (const e of events)
    if (e.payload?.$case === 'downtimeStart')
      starts.set(e.payload.value.downtimeId, e.envelope?.occurredAt?.getTime() ?? 0);
  const out: Rec[] = [];
  for (const e of events) {
    const site = e.envelope?.location?.site ?? '';
    const line = e.envelope?.location?.line ?? '';
    const at = e.envelope?.occurredAt?.getTime() ?? 0;
    const base: Rec = {
      kind: 'count',
      site,
      line,
      at,
      end: at,
      shift: shiftOf(at, site),
      product: '',
      reason: '',
      severity: '',
      good: 0,
      scrap: 0,
      passed: false,
      id: '',
      supplier: '',
      materialClass: '',
      status: '',
      raisedAt: 0,
    };
    const p = e.payload;
    if (p?.$case === 'productionCount')
      out.push({ ...base, product: p.value.product, good: p.value.good, scrap: p.value.scrap });
    else if (p?.$case === 'downtimeEnd') {
      const from = starts.get(p.value.downtimeId) ?? at;
      out.push({
        ...base,
        kind: 'stop',
        at: from,
        end: at,
        shift: shiftOf(from, site),
        reason: reasonName(p.value.canonicalReason, p.value.reasonCode),
      });
    } else if (p?.$case === 'machineAlarm' && p.value.state !== AlarmState.CLEARED)
      out.push({ ...base, kind: 'alarm', severity: (AlarmSeverity[p.value.severity] ?? '').toLowerCase() });
    else if (p?.$case === 'qualityCheck')
      out.push({
        ...base,
        kind: 'check',
        product: p.value.product,
        passed: p.value.result === CheckResult.PASS,
      });
    else if (p?.$case === 'nonconformance') {
      const s = p.value.status;
      const status =
        s === NonconformanceStatus.CLOSED
          ? 'closed'
          : s === NonconformanceStatus.CONTAINED
            ? 'contained'
            : 'open';
      out.push({ ...base, kind: 'ncr', id: p.value.ncrId, product: p.value.product, status });
    } else if (p?.$case === 'materialStatus')
      out.push({
        ...base,
        kind: 'lot',
        id: p.value.lotId,
        supplier: p.value.supplier,
        materialClass: p.value.materialId.split('-')[0]?.toLowerCase() ?? '',
      });
  }
  return out;
}

const KIND: Record<MetricId, Rec['kind']> = {
  downtime_minutes: 'stop',
  mttr: 'stop',
  mtbf: 'stop',
  oee: 'count',
  scrap_rate: 'count',
  first_pass_yield: 'check',
  alarm_count: 'alarm',
  open_ncrs: 'ncr',
  ncr_cycle_time: 'ncr',
  lots: 'lot',
};

export function expectedAnswer(recs: readonly Rec[], spec: OracleSpec): OracleAnswer {
  const f = spec.filter ?? {};
  const win = (site: string) => {
    const w = (W[site] as Record<WindowName, [string, string]>)[spec.window];
    return { from: Z(w[0]), to: Z(w[1]) };
  };
  const inScope = (r: Rec, kind: Rec['kind']) => {
    if (r.kind !== kind || !spec.sites.includes(r.site)) return false;
    if (f.line && !f.line.includes(r.line)) return false;
    if (f.shift && r.shift !== f.shift) return false;
    if (f.product && r.product !== f.product) return false;
    if (f.severity && r.severity !== f.severity) return false;
    if (f.supplier && r.supplier !== f.supplier) return false;
    if (f.materialClass && r.materialClass !== f.materialClass) return false;
    const w = win(r.site);
    return kind === 'stop' ? r.at < w.to && r.end > w.from : r.at >= w.from && r.at < w.to;
  };
  const groupBy =
    spec.metric === 'oee' || spec.metric === 'mtbf' ? (['site', 'line'] as const) : (spec.groupBy ?? []);
  const sameNcr = (r: Rec) => recs.filter((x) => x.kind === 'ncr' && x.site === r.site && x.id === r.id);
  let picked = recs.filter((r) => inScope(r, KIND[spec.metric]));
  if (spec.metric === 'open_ncrs')
    picked = picked.filter(
      (r) => r.status === 'open' && !sameNcr(r).some((x) => x.status === 'closed' && x.at < win(r.site).to),
    );
  if (spec.metric === 'ncr_cycle_time') {
    const closes: Rec[] = [];
    const seen = new Set<string>();
    for (const r of [...picked].sort((a, b) => a.at - b.at)) {
      if (r.status !== 'closed' || seen.has(`${r.site}|${r.id}`)) continue;
      seen.add(`${r.site}|${r.id}`);
      const all = sameNcr(r);
      const raisedAt = Math.min(...all.filter((x) => x.status === 'open').map((x) => x.at));
      if (all.some((x) => x.status === 'closed' && x.at < r.at) || !(raisedAt <= r.at)) continue;
      closes.push({ ...r, raisedAt });
    }
    picked = closes;
  }
  const withStops = spec.metric === 'oee' ? [...picked, ...recs.filter((r) => inScope(r, 'stop'))] : picked;
  const groups = new Map<string, Rec[]>();
  for (const r of withStops) {
    const label = groupBy.map((d) => r[d]).join('|');
    groups.set(label, [...(groups.get(label) ?? []), r]);
  }
  const value = (rs: Rec[]): number | null => {
    const clip = (r: Rec) => {
      const w = win(r.site);
      return Math.max(0, Math.min(r.end, w.to) - Math.max(r.at, w.from)) / 60_000;
    };
    const startsIn = (r: Rec) => r.at >= win(r.site).from && r.at < win(r.site).to;
    switch (spec.metric) {
      case 'downtime_minutes': {
        let m = 0;
        for (const r of rs) m += clip(r);
        return r1(m);
      }
      case 'scrap_rate': {
        let good = 0;
        let scrap = 0;
        for (const r of rs) {
          good += r.good;
          scrap += r.scrap;
        }
        return rate(scrap, good + scrap);
      }
      case 'first_pass_yield':
        return rate(rs.filter((r) => r.passed).length, rs.length);
      case 'alarm_count':
        return rs.length;
      case 'ncr_cycle_time': {
        let ms = 0;
        for (const r of rs) ms += r.at - r.raisedAt;
        return rs.length ? r1(ms / rs.length / 3_600_000) : null;
      }
      case 'open_ncrs':
      case 'lots':
        return new Set(rs.map((r) => r.id)).size;
      case 'mttr': {
        const failures = rs.filter((r) => FAILURES.includes(r.reason) && startsIn(r));
        let minutes = 0;
        for (const r of failures) minutes += (r.end - r.at) / 60_000;
        return failures.length ? r1(minutes / failures.length) : null;
      }
      case 'mtbf': {
        const first = rs[0] as Rec;
        const w = win(first.site);
        const planned = (w.to - w.from) / 60_000;
        const down = coveredMinutes(
          rs.filter((r) => FAILURES.includes(r.reason)),
          w.from,
          w.to,
        );
        const failures = rs.filter((r) => FAILURES.includes(r.reason) && startsIn(r)).length;
        return failures ? r1((planned - Math.min(planned, down)) / failures) : null;
      }
      case 'oee': {
        const first = rs[0] as Rec;
        const w = win(first.site);
        const planned = (w.to - w.from) / 60_000;
        const down = coveredMinutes(
          rs.filter((r) => r.kind === 'stop'),
          w.from,
          w.to,
        );
        let good = 0;
        let scrap = 0;
        for (const r of rs) {
          good += r.kind === 'count' ? r.good : 0;
          scrap += r.kind === 'count' ? r.scrap : 0;
        }
        const ideal = RATES[first.line];
        if (!ideal) return null;
        // ADR 0023: A = run / planned, P = units / (ideal x run) capped at 1 (0 without run time), Q = good / units (0 without units).
        const run = planned - Math.min(planned, down);
        const a = planned > 0 ? run / planned : 0;
        const p = run > 0 ? Math.min(1, (good + scrap) / (ideal * run)) : 0;
        const q = good + scrap > 0 ? good / (good + scrap) : 0;
        return r4(a * p * q);
      }
    }
  };
  const rows: Record<string, number | null> = {};
  if (spec.metric === 'lots' && groupBy.length === 0) for (const r of picked) rows[r.id] = null;
  else if (groupBy.length > 0) for (const [label, rs] of groups) rows[label] = value(rs);
  let total: number | null;
  if (spec.metric === 'oee') total = null;
  else if (spec.metric === 'mtbf') {
    let uptime = 0;
    let failures = 0;
    for (const rs of groups.values()) {
      const w = win((rs[0] as Rec).site);
      const planned = (w.to - w.from) / 60_000;
      const down = coveredMinutes(
        rs.filter((r) => FAILURES.includes(r.reason)),
        w.from,
        w.to,
      );
      uptime += planned - Math.min(planned, down);
      failures += rs.filter((r) => FAILURES.includes(r.reason) && r.at >= w.from && r.at < w.to).length;
    }
    total = failures ? r1(uptime / failures) : null;
  } else total = value(picked);
  return { total, rows };
}
