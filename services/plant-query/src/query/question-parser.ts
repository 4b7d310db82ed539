import type { Dimension, MetricId } from '../catalogue/metric-catalogue';
import { validatePlantQuery, type PlantQuery, type PlantQueryInput, type TimeSpec } from './plant-query.dsl';

export type ParseOutcome = { ok: true; query: PlantQuery } | { ok: false; reason: string };

/** Checked in order: the first metric whose pattern matches wins. */
const METRIC_PATTERNS: Array<[MetricId, RegExp]> = [
  ['mttr', /\b(mttr|mean time to repair|average (?:time to )?repair time|average time to repair)\b/],
  ['mtbf', /\b(mtbf|mean time between failures?|average time between failures?)\b/],
  ['oee', /\b(oee|overall equipment effectiveness)\b/],
  ['first_pass_yield', /\b(first[- ]pass[- ]yield|fpy)\b/],
  ['scrap_rate', /\bscrap(ped)?\b/],
  [
    'ncr_cycle_time',
    /\b((?:ncr|deviation|non-?conformance) (?:cycle|closure|closing) times?|time to close (?:ncrs?|deviations?|non-?conformances?)|how long (?:do|did) (?:ncrs?|deviations?) take to close)\b/,
  ],
  ['open_ncrs', /\b(ncrs?|non-?conformances?|nonconformance reports?)\b/],
  ['alarm_count', /\balarms?\b/],
  ['lots', /\blots?\b|\bbatch(es)?\b/],
  ['downtime_minutes', /\b(downtime|down time|stopp(ed|ages?)|stops)\b|\bwas\b.*\bdown\b/],
];

const GROUP_WORDS: Record<string, Dimension> = {
  line: 'line',
  site: 'site',
  plant: 'site',
  area: 'area',
  cell: 'cell',
  shift: 'shift',
  product: 'product',
  day: 'day',
  reason: 'reason',
  cause: 'reason',
  severity: 'severity',
  supplier: 'supplier',
  material: 'material',
  category: 'category',
};

/** Questions that ask for a change, not an answer: the service is read-only. */
const WRITE_REQUEST =
  /^\s*(please\s+)?(delete|remove|update|set|change|hold|release|create|insert|drop|close|approve|reset|stop|start)\b/;

/**
 * The deterministic translation of common phrasings into the DSL: no model involved.
 * Returns `ok: false` for anything it does not recognise; the caller then says it cannot
 * answer rather than guessing.
 */
export function parseQuestion(question: string): ParseOutcome {
  const q = question.toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  if (WRITE_REQUEST.test(q))
    return { ok: false, reason: 'this service only reads plant data; it cannot change anything' };
  const metric = METRIC_PATTERNS.find(([, re]) => re.test(q))?.[0];
  if (!metric) return { ok: false, reason: 'no metric in the catalogue fits the question' };

  const filters: Record<string, string[]> = {};
  const add = (dim: string, value: string) => (filters[dim] = [...new Set([...(filters[dim] ?? []), value])]);
  for (const m of q.matchAll(/\bline[ -]?(\d+)\b/g)) add('line', `line-${m[1]}`);
  for (const m of q.matchAll(/\bplant[ -]([a-z])\b/g)) add('site', `plant-${m[1]}`);
  for (const m of question.matchAll(/\b([A-Z]{2}-\d{3})\b/g)) add('product', m[1] as string);

  const groupBy: Dimension[] = [];
  const group = (d: Dimension) => groupBy.includes(d) || groupBy.push(d);
  for (const m of q.matchAll(
    /\b(?:by|per|for each|each)\s+(line|site|plant|area|cell|shift|product|day|reason|cause|severity|supplier|material|category)s?\b/g,
  )) {
    group(GROUP_WORDS[m[1] as string] as Dimension);
  }
  if (metric === 'downtime_minutes' && /\b(why|reasons?|causes?|what caused)\b/.test(q)) group('reason');
  if (metric === 'oee' || metric === 'mtbf') {
    group('site');
    group('line');
  }

  if (metric === 'alarm_count') {
    const severity = /\b(critical|high|medium|low)[- ]severity\b|\b(critical|high|medium|low) alarms?\b/.exec(
      q,
    );
    if (severity) add('severity', (severity[1] ?? severity[2]) as string);
  }
  if (metric === 'lots') {
    // "supplier X's resin", "resin from X", "lots from supplier X"
    const supplier = /\bsupplier\s+(.+?)(?:'s\b|\s+(?:this|last|today|yesterday|in|on|for)\b|\?|$)/.exec(
      question.replace(/[’`]/g, "'").toLowerCase(),
    );
    const from = /\bfrom\s+(?:supplier\s+)?(.+?)(?:\s+(?:this|last|today|yesterday|in|on|for)\b|\?|$)/.exec(
      q,
    );
    const name = supplier?.[1] ?? (from?.[1] && !/^(line|plant)\b/.test(from[1]) ? from[1] : undefined);
    if (name) add('supplier', originalCase(question, name.trim()));
    const material = /\b(resin|pigment|additive|granulate|polymer)\b/.exec(q);
    if (material) add('materialClass', material[1] as string);
  }

  const { time, shiftFilter } = parseTime(q);
  if (shiftFilter) add('shift', shiftFilter);
  const top = /\btop\s+(\d{1,3})\b/.exec(q);

  const input: PlantQueryInput = {
    metric,
    filters,
    groupBy,
    time,
    ...(top ? { limit: Math.min(100, Number(top[1])) } : {}),
  };
  const validated = validatePlantQuery(input);
  return validated.ok
    ? { ok: true, query: validated.query }
    : { ok: false, reason: validated.problems.join('; ') };
}

/** The time window; a shift named next to another period ("shift B this week") becomes a filter. */
function parseTime(q: string): { time: TimeSpec; shiftFilter?: string } {
  // Any one-letter shift code; the executor checks it against the site's pattern (plant model).
  const shift = /\bshift\s+([a-z])\b/.exec(q)?.[1]?.toUpperCase();
  const hours = /\b(?:last|past)\s+(\d{1,3})\s+hours?\b/.exec(q);
  const days = /\b(?:last|past)\s+(\d{1,2})\s+days?\b/.exec(q);
  let period: TimeSpec | undefined;
  if (/\blast night\b|\bovernight\b|\bnight shift\b/.test(q))
    period = { kind: 'relative', period: 'last_night' };
  else if (/\bthis week\b/.test(q)) period = { kind: 'relative', period: 'this_week' };
  else if (/\blast week\b/.test(q)) period = { kind: 'relative', period: 'last_week' };
  else if (/\b(last|previous) shift\b/.test(q)) period = { kind: 'relative', period: 'last_shift' };
  else if (/\b(this|current) shift\b/.test(q)) period = { kind: 'relative', period: 'current_shift' };
  else if (hours) period = { kind: 'last_hours', hours: Number(hours[1]) };
  else if (days) period = { kind: 'last_hours', hours: Number(days[1]) * 24 };
  const yesterday = /\byesterday\b/.test(q);
  const today = /\btoday\b/.test(q);
  if (shift && !period)
    return { time: { kind: 'shift', shift, day: yesterday ? 'yesterday' : today ? 'today' : 'latest' } };
  if (!period)
    period = yesterday
      ? { kind: 'relative', period: 'yesterday' }
      : today
        ? { kind: 'relative', period: 'today' }
        : { kind: 'last_hours', hours: 24 };
  return shift ? { time: period, shiftFilter: shift } : { time: period };
}

/** The user's spelling of a phrase found in the lower-cased question (supplier names are case-sensitive codes). */
function originalCase(question: string, lower: string): string {
  const normalised = question.replace(/[’`]/g, "'").replace(/\s+/g, ' ');
  const at = normalised.toLowerCase().indexOf(lower);
  return at >= 0 ? normalised.slice(at, at + lower.length) : lower;
}
