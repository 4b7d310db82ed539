/**
 * What can be asked: each metric names the fact collection it reads, the dimensions it
 * can be filtered and grouped by, and how it aggregates. Anything outside this table is
 * "cannot answer from plant data".
 */
export const DIMENSIONS = [
  'site',
  'area',
  'line',
  'cell',
  'shift',
  'product',
  'reason',
  'severity',
  'alarmCode',
  'category',
  'supplier',
  'material',
  'materialClass',
  'day',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const METRIC_IDS = [
  'downtime_minutes',
  'scrap_rate',
  'first_pass_yield',
  'oee',
  'alarm_count',
  'open_ncrs',
  'ncr_cycle_time',
  'lots',
  'mttr',
  'mtbf',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export type FactKind = 'downtime' | 'production' | 'quality' | 'alarm' | 'ncr' | 'lot';

export interface MetricDefinition {
  id: MetricId;
  label: string;
  unit: 'minutes' | 'hours' | 'ratio' | 'count';
  fact: FactKind;
  dimensions: readonly Dimension[];
  /** Grouping a metric needs to mean anything (OEE is per line: ideal rates are per line). */
  requiredGroupBy?: readonly Dimension[];
  description: string;
}

const LOCATION: readonly Dimension[] = ['site', 'area', 'line', 'cell', 'shift', 'day'];

export const METRIC_CATALOGUE: Readonly<Record<MetricId, MetricDefinition>> = {
  downtime_minutes: {
    id: 'downtime_minutes',
    label: 'downtime',
    unit: 'minutes',
    fact: 'downtime',
    dimensions: [...LOCATION, 'reason'],
    description: 'Minutes of closed stops overlapping the window (clipped to it), by canonical reason.',
  },
  scrap_rate: {
    id: 'scrap_rate',
    label: 'scrap rate',
    unit: 'ratio',
    fact: 'production',
    dimensions: [...LOCATION, 'product'],
    description: 'scrap / (good + scrap) over production counts in the window.',
  },
  first_pass_yield: {
    id: 'first_pass_yield',
    label: 'first-pass yield',
    unit: 'ratio',
    fact: 'quality',
    dimensions: [...LOCATION, 'product'],
    description: 'Passed / all quality checks in the window.',
  },
  oee: {
    id: 'oee',
    label: 'OEE',
    unit: 'ratio',
    fact: 'production',
    dimensions: ['site', 'line'],
    requiredGroupBy: ['site', 'line'],
    description:
      'availability x performance x quality per line (@andon/plant-metrics): planned time = window (clipped to now), downtime = stops merged and clipped to it, a stop still open counted to its end; ideal rate per line from the plant model (config/plant).',
  },
  alarm_count: {
    id: 'alarm_count',
    label: 'alarms',
    unit: 'count',
    fact: 'alarm',
    dimensions: [...LOCATION, 'severity', 'alarmCode'],
    description: 'Alarms raised in the window (clears are not counted).',
  },
  open_ncrs: {
    id: 'open_ncrs',
    label: 'open NCRs',
    unit: 'count',
    fact: 'ncr',
    dimensions: ['site', 'area', 'line', 'shift', 'day', 'product', 'severity', 'category', 'supplier'],
    description:
      'Distinct NCRs raised (status open or unspecified) in the window and not closed before the window end. CONTAINED/CLOSED updates are not raisings.',
  },
  ncr_cycle_time: {
    id: 'ncr_cycle_time',
    label: 'NCR cycle time',
    unit: 'hours',
    fact: 'ncr',
    dimensions: ['site', 'area', 'line', 'shift', 'day', 'product', 'severity', 'category', 'supplier'],
    // Formula lives in query/ncr-lifecycle.ts (ncrCycleTime); keep the two in step.
    description:
      "Deviation cycle time: mean hours from an NCR's first raised/open event to its CLOSED event, over NCRs whose first CLOSED event in the window falls in it; grouped by the closing event's fields. A close without a recorded raise is not counted. Null when none closed.",
  },
  lots: {
    id: 'lots',
    label: 'lots',
    unit: 'count',
    fact: 'lot',
    dimensions: ['site', 'area', 'line', 'day', 'supplier', 'material', 'materialClass'],
    description: 'Material lots seen in the window, with the lots they were consumed into (genealogy).',
  },
  mttr: {
    id: 'mttr',
    label: 'mean time to repair',
    unit: 'minutes',
    fact: 'downtime',
    dimensions: [...LOCATION, 'reason'],
    // Formula lives in query/reliability.ts (mttrRow); keep the two in step.
    description:
      'MTTR = sum of (end - start) of failure stops that START in the window / number of those failures, in minutes. A repair is counted whole, even past the window end. Failures = stops with reason mechanical_failure or electrical_failure.',
  },
  mtbf: {
    id: 'mtbf',
    label: 'mean time between failures',
    unit: 'minutes',
    fact: 'downtime',
    dimensions: ['site', 'line'],
    requiredGroupBy: ['site', 'line'],
    // Formula lives in @andon/plant-metrics (mtbf), applied per line in query/reliability.ts.
    description:
      'MTBF per line = (window minutes - failure downtime merged and clipped to the window) / failures starting in the window, in minutes; null with no failure. Lines with no recorded stop in the window are not listed. Total = summed uptime / summed failures.',
  },
};

export function metricAllows(metric: MetricId, dimension: Dimension): boolean {
  return METRIC_CATALOGUE[metric].dimensions.includes(dimension);
}
