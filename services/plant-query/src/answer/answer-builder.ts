import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { ResultRow } from '../query/aggregate';
import type { PlantQuery, TimeSpec } from '../query/plant-query.dsl';
import type { ExecutionResult } from '../query/query-executor';
import { checkNarrativeNumbers, type NarrativeCheck } from './number-check';

export type Executed = Extract<ExecutionResult, { ok: true }>;

export interface BuiltAnswer {
  narrative: string;
  narrativeCheck: NarrativeCheck;
}

const PERIOD: Record<string, string> = {
  today: 'today',
  yesterday: 'yesterday',
  last_night: 'last night',
  this_week: 'this week',
  last_week: 'last week',
  current_shift: 'in the current shift',
  last_shift: 'in the last shift',
};

function periodLabel(t: TimeSpec): string {
  switch (t.kind) {
    case 'relative':
      return PERIOD[t.period] ?? t.period;
    case 'shift':
      return `in shift ${t.shift}${t.day === 'latest' ? '' : ` ${t.day}`}`;
    case 'last_hours':
      return `in the last ${t.hours} hours`;
    case 'absolute':
      return `between ${t.from} and ${t.to}`;
  }
}

const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'n/a' : `${Math.round(v * 1000) / 10}%`;
const keyLabel = (key: Record<string, string>): string =>
  Object.values(key).filter(Boolean).join(' ') || '(none)';

function scopeLabel(q: PlantQuery, sites: readonly string[]): string {
  const parts = [...(q.filters.line ?? []), ...(q.filters.cell ?? []), ...(q.filters.product ?? [])];
  const where = parts.length ? `${parts.join(', ')} (${sites.join(', ')})` : sites.join(', ');
  const shift = q.filters.shift ? `, shift ${q.filters.shift.join('/')}` : '';
  return `${where}${shift}`;
}

function valueText(q: PlantQuery, row: ResultRow): string {
  const def = METRIC_CATALOGUE[q.metric];
  if (def.unit === 'ratio') return pct(row.value);
  if (q.metric === 'mttr' || q.metric === 'mtbf')
    return row.value === null ? 'no failures' : `${row.value} minutes (${row.measures['failures']} failures)`;
  if (q.metric === 'ncr_cycle_time')
    return row.value === null ? 'no NCRs closed' : `${row.value} hours (${row.measures['closed']} closed)`;
  if (def.unit === 'minutes') return `${row.value ?? 0} minutes`;
  return `${row.value ?? 0}`;
}

function headline(q: PlantQuery, r: Executed, scope: string, period: string): string {
  const t = r.total;
  switch (q.metric) {
    case 'downtime_minutes':
      return `${scope} had ${t.value ?? 0} minutes of downtime in ${t.measures['stops'] ?? 0} stops ${period}.`;
    case 'scrap_rate':
      return t.value === null
        ? `${scope} recorded no production ${period}.`
        : `Scrap rate for ${scope} ${period}: ${pct(t.value)} (${t.measures['scrap']} scrapped of ${t.measures['total']} units).`;
    case 'first_pass_yield':
      return t.value === null
        ? `${scope} recorded no quality checks ${period}.`
        : `First-pass yield for ${scope} ${period}: ${pct(t.value)} (${t.measures['passed']} of ${t.measures['checks']} checks passed).`;
    case 'alarm_count':
      return `${scope} raised ${t.value ?? 0} alarms ${period}.`;
    case 'open_ncrs':
      return `${scope} has ${t.value ?? 0} open NCRs raised ${period}.`;
    case 'ncr_cycle_time':
      return t.value === null
        ? `${scope} closed no NCRs ${period}.`
        : `NCR cycle time for ${scope} ${period}: ${t.value} hours on average from raised to closed, over ${t.measures['closed']} closed NCRs.`;
    case 'lots':
      return `${t.value ?? 0} lots match for ${scope} ${period}.`;
    case 'mttr':
      return t.value === null
        ? `${scope} had no failures ${period}.`
        : `Mean time to repair for ${scope} ${period}: ${t.value} minutes over ${t.measures['failures']} failures (${t.measures['repairMinutes']} minutes of repair).`;
    case 'mtbf':
      return t.value === null
        ? `${scope} had no failures ${period}.`
        : `Mean time between failures for ${scope} ${period}: ${t.value} minutes (${t.measures['uptimeMinutes']} minutes of uptime, ${t.measures['failures']} failures).`;
    case 'oee':
      return r.rows.length === 0
        ? `${scope} recorded no production or downtime ${period}.`
        : `OEE ${period}:`;
  }
}

function rowSentence(q: PlantQuery, row: ResultRow): string {
  if (q.metric === 'oee') {
    const m = row.measures;
    return `${keyLabel(row.key)}: OEE ${pct(row.value)} (availability ${pct(m['availability'])}, performance ${pct(m['performance'])}, quality ${pct(m['quality'])}).`;
  }
  if (q.metric === 'lots' && q.groupBy.length === 0) {
    const used = row.usedIn?.length ? `, used in ${row.usedIn.join(', ')}` : '';
    return `${row.key['lotId']} (${row.key['material']}, ${row.key['supplier']}${used}).`;
  }
  return `${keyLabel(row.key)}: ${valueText(q, row)}`;
}

/**
 * The narrative is assembled from the result alone and then checked: a number that
 * the result does not contain fails the check, and a failing narrative is not shown.
 */
export function buildAnswer(q: PlantQuery, r: Executed): BuiltAnswer {
  const sentences = [headline(q, r, scopeLabel(q, r.sites), periodLabel(q.time))];
  if (q.metric === 'oee' || (q.metric === 'lots' && q.groupBy.length === 0))
    sentences.push(...r.rows.map((row) => rowSentence(q, row)));
  else if (q.groupBy.length > 0 && r.rows.length > 0) {
    const shown = r.rows.slice(0, 5).map((row) => rowSentence(q, row));
    sentences.push(
      `By ${q.groupBy.join(' and ')}: ${shown.join('; ')}${r.truncated || r.rows.length > 5 ? '; more in the rows' : ''}.`,
    );
  }
  const narrative = sentences.join(' ');
  return {
    narrative,
    narrativeCheck: checkNarrativeNumbers(narrative, {
      query: q,
      windows: r.windows,
      sites: r.sites,
      rows: r.rows,
      total: r.total,
    }),
  };
}
