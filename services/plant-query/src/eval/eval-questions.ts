import type { Role } from '@andon/governance/auth';
import type { OracleSpec } from './eval-oracle';

export interface EvalQuestion {
  id: string;
  question: string;
  /** Caller; supervisor by default. */
  sites: readonly string[];
  roles?: readonly Role[];
  lines?: readonly string[];
  /** Either the answer key's spec (written by hand from the question, not by the parser) or the refusal expected. */
  expect: OracleSpec | { refusal: string };
}

const A = ['plant-a'];
const B = ['plant-b'];
const AB = ['plant-a', 'plant-b'];

/** >= 50 questions over evalHistory(); each spec is the question translated by hand. */
export const EVAL_QUESTIONS: readonly EvalQuestion[] = [
  // Downtime
  {
    id: 'dt-01',
    question: 'How much downtime did line 3 have last night, and why?',
    sites: B,
    expect: {
      metric: 'downtime_minutes',
      sites: B,
      window: 'lastNight',
      filter: { line: ['line-3'] },
      groupBy: ['reason'],
    },
  },
  {
    id: 'dt-02',
    question: 'downtime on line 1 yesterday',
    sites: A,
    expect: { metric: 'downtime_minutes', sites: A, window: 'yesterday', filter: { line: ['line-1'] } },
  },
  {
    id: 'dt-03',
    question: 'downtime on plant-b this week by line',
    sites: B,
    expect: { metric: 'downtime_minutes', sites: B, window: 'thisWeek', groupBy: ['line'] },
  },
  {
    id: 'dt-04',
    question: 'downtime last week by reason on line 2',
    sites: A,
    expect: {
      metric: 'downtime_minutes',
      sites: A,
      window: 'lastWeek',
      filter: { line: ['line-2'] },
      groupBy: ['reason'],
    },
  },
  {
    id: 'dt-05',
    question: 'downtime in shift B by line',
    sites: A,
    expect: { metric: 'downtime_minutes', sites: A, window: 'shiftB', groupBy: ['line'] },
  },
  {
    id: 'dt-06',
    question: 'downtime on line 4 in the last 8 hours',
    sites: B,
    expect: { metric: 'downtime_minutes', sites: B, window: 'last8h', filter: { line: ['line-4'] } },
  },
  {
    id: 'dt-07',
    question: 'downtime today by line',
    sites: AB,
    expect: { metric: 'downtime_minutes', sites: AB, window: 'today', groupBy: ['line'] },
  },
  {
    id: 'dt-08',
    question: 'how long was line 2 down this week',
    sites: A,
    expect: { metric: 'downtime_minutes', sites: A, window: 'thisWeek', filter: { line: ['line-2'] } },
  },
  {
    id: 'dt-09',
    question: 'stoppages on line 3 yesterday by reason',
    sites: B,
    expect: {
      metric: 'downtime_minutes',
      sites: B,
      window: 'yesterday',
      filter: { line: ['line-3'] },
      groupBy: ['reason'],
    },
  },
  {
    id: 'dt-10',
    question: 'downtime on line 1 in shift A this week',
    sites: A,
    expect: {
      metric: 'downtime_minutes',
      sites: A,
      window: 'thisWeek',
      filter: { line: ['line-1'], shift: 'A' },
    },
  },
  {
    id: 'dt-11',
    question: 'downtime by line in the last 48 hours',
    sites: AB,
    expect: { metric: 'downtime_minutes', sites: AB, window: 'last48h', groupBy: ['line'] },
  },
  // Scrap rate
  {
    id: 'sr-01',
    question: 'scrap rate on line-1 this week',
    sites: A,
    expect: { metric: 'scrap_rate', sites: A, window: 'thisWeek', filter: { line: ['line-1'] } },
  },
  {
    id: 'sr-02',
    question: 'scrap rate on line 3 yesterday',
    sites: B,
    expect: { metric: 'scrap_rate', sites: B, window: 'yesterday', filter: { line: ['line-3'] } },
  },
  {
    id: 'sr-03',
    question: 'scrap rate on plant-a last week by line',
    sites: A,
    expect: { metric: 'scrap_rate', sites: A, window: 'lastWeek', groupBy: ['line'] },
  },
  {
    id: 'sr-04',
    question: 'scrap rate for shift C yesterday on line 2',
    sites: A,
    expect: { metric: 'scrap_rate', sites: A, window: 'shiftCYesterday', filter: { line: ['line-2'] } },
  },
  {
    id: 'sr-05',
    question: 'scrap rate per product on line 4 this week',
    sites: B,
    expect: {
      metric: 'scrap_rate',
      sites: B,
      window: 'thisWeek',
      filter: { line: ['line-4'] },
      groupBy: ['product'],
    },
  },
  {
    id: 'sr-06',
    question: 'scrap on line 2 in the last 24 hours',
    sites: A,
    expect: { metric: 'scrap_rate', sites: A, window: 'last24h', filter: { line: ['line-2'] } },
  },
  {
    id: 'sr-07',
    question: 'scrap rate on shift A this week per product',
    sites: A,
    expect: {
      metric: 'scrap_rate',
      sites: A,
      window: 'thisWeek',
      filter: { shift: 'A' },
      groupBy: ['product'],
    },
  },
  {
    id: 'sr-08',
    question: 'scrap rate today by line',
    sites: AB,
    expect: { metric: 'scrap_rate', sites: AB, window: 'today', groupBy: ['line'] },
  },
  {
    id: 'sr-09',
    question: 'scrap rate of PX-100 last week by line',
    sites: AB,
    expect: {
      metric: 'scrap_rate',
      sites: AB,
      window: 'lastWeek',
      filter: { product: 'PX-100' },
      groupBy: ['line'],
    },
  },
  // First-pass yield
  {
    id: 'fpy-01',
    question: 'first pass yield on line 1 today',
    sites: A,
    expect: { metric: 'first_pass_yield', sites: A, window: 'today', filter: { line: ['line-1'] } },
  },
  {
    id: 'fpy-02',
    question: 'first pass yield on line 3 this week',
    sites: B,
    expect: { metric: 'first_pass_yield', sites: B, window: 'thisWeek', filter: { line: ['line-3'] } },
  },
  {
    id: 'fpy-03',
    question: 'FPY by line last week',
    sites: A,
    expect: { metric: 'first_pass_yield', sites: A, window: 'lastWeek', groupBy: ['line'] },
  },
  {
    id: 'fpy-04',
    question: 'first-pass yield of PX-100 yesterday',
    sites: AB,
    expect: { metric: 'first_pass_yield', sites: AB, window: 'yesterday', filter: { product: 'PX-100' } },
  },
  {
    id: 'fpy-05',
    question: 'fpy on plant-b last night',
    sites: B,
    expect: { metric: 'first_pass_yield', sites: B, window: 'lastNight' },
  },
  {
    id: 'fpy-06',
    question: 'first pass yield on line 2 in the last 48 hours',
    sites: A,
    expect: { metric: 'first_pass_yield', sites: A, window: 'last48h', filter: { line: ['line-2'] } },
  },
  // Alarms
  {
    id: 'al-01',
    question: 'how many alarms on plant-b yesterday',
    sites: B,
    expect: { metric: 'alarm_count', sites: B, window: 'yesterday' },
  },
  {
    id: 'al-02',
    question: 'critical alarms on line 4 today',
    sites: B,
    expect: {
      metric: 'alarm_count',
      sites: B,
      window: 'today',
      filter: { line: ['line-4'], severity: 'critical' },
    },
  },
  {
    id: 'al-03',
    question: 'alarms on line 1 this week by severity',
    sites: A,
    expect: {
      metric: 'alarm_count',
      sites: A,
      window: 'thisWeek',
      filter: { line: ['line-1'] },
      groupBy: ['severity'],
    },
  },
  {
    id: 'al-04',
    question: 'high alarms on plant-a last week',
    sites: A,
    expect: { metric: 'alarm_count', sites: A, window: 'lastWeek', filter: { severity: 'high' } },
  },
  {
    id: 'al-05',
    question: 'alarms yesterday by site',
    sites: AB,
    expect: { metric: 'alarm_count', sites: AB, window: 'yesterday', groupBy: ['site'] },
  },
  {
    id: 'al-06',
    question: 'alarms on line 3 last night',
    sites: B,
    expect: { metric: 'alarm_count', sites: B, window: 'lastNight', filter: { line: ['line-3'] } },
  },
  {
    id: 'al-07',
    question: 'alarms on line 2 in the last 12 hours',
    sites: A,
    expect: { metric: 'alarm_count', sites: A, window: 'last12h', filter: { line: ['line-2'] } },
  },
  {
    id: 'al-08',
    question: 'how many alarms in shift C yesterday on line 4',
    sites: B,
    expect: { metric: 'alarm_count', sites: B, window: 'shiftCYesterday', filter: { line: ['line-4'] } },
  },
  {
    id: 'al-09',
    question: 'low severity alarms this week by line',
    sites: AB,
    expect: {
      metric: 'alarm_count',
      sites: AB,
      window: 'thisWeek',
      filter: { severity: 'low' },
      groupBy: ['line'],
    },
  },
  // NCRs
  {
    id: 'ncr-01',
    question: 'open NCRs on plant-a this week by line',
    sites: A,
    expect: { metric: 'open_ncrs', sites: A, window: 'thisWeek', groupBy: ['line'] },
  },
  {
    id: 'ncr-02',
    question: 'open NCRs last week',
    sites: AB,
    expect: { metric: 'open_ncrs', sites: AB, window: 'lastWeek' },
  },
  {
    id: 'ncr-03',
    question: 'NCRs on line 3 this week',
    sites: B,
    expect: { metric: 'open_ncrs', sites: B, window: 'thisWeek', filter: { line: ['line-3'] } },
  },
  {
    id: 'ncr-04',
    question: 'open non-conformances by line on plant-b last week',
    sites: B,
    expect: { metric: 'open_ncrs', sites: B, window: 'lastWeek', groupBy: ['line'] },
  },
  {
    id: 'ncr-05',
    question: 'NCR cycle time this week by line',
    sites: AB,
    expect: { metric: 'ncr_cycle_time', sites: AB, window: 'thisWeek', groupBy: ['line'] },
  },
  {
    id: 'ncr-06',
    question: 'deviation cycle time on plant-a last week',
    sites: A,
    expect: { metric: 'ncr_cycle_time', sites: A, window: 'lastWeek' },
  },
  {
    id: 'ncr-07',
    question: 'time to close NCRs on plant-b last week by line',
    sites: B,
    expect: { metric: 'ncr_cycle_time', sites: B, window: 'lastWeek', groupBy: ['line'] },
  },
  // Lots
  {
    id: 'lot-01',
    question: "Which lots used supplier ResinWorks GmbH's resin this week?",
    sites: A,
    expect: {
      metric: 'lots',
      sites: A,
      window: 'thisWeek',
      filter: { supplier: 'ResinWorks GmbH', materialClass: 'resin' },
    },
  },
  {
    id: 'lot-02',
    question: 'lots from Acme Plastics last week',
    sites: AB,
    expect: { metric: 'lots', sites: AB, window: 'lastWeek', filter: { supplier: 'Acme Plastics' } },
  },
  {
    id: 'lot-03',
    question: 'lots on line 3 this week by supplier',
    sites: B,
    expect: {
      metric: 'lots',
      sites: B,
      window: 'thisWeek',
      filter: { line: ['line-3'] },
      groupBy: ['supplier'],
    },
  },
  {
    id: 'lot-04',
    question: 'pigment lots last week',
    sites: AB,
    expect: { metric: 'lots', sites: AB, window: 'lastWeek', filter: { materialClass: 'pigment' } },
  },
  // OEE
  {
    id: 'oee-01',
    question: 'OEE on plant-a last shift',
    sites: A,
    expect: { metric: 'oee', sites: A, window: 'lastShift' },
  },
  {
    id: 'oee-02',
    question: 'OEE on line 3 yesterday',
    sites: B,
    expect: { metric: 'oee', sites: B, window: 'yesterday', filter: { line: ['line-3'] } },
  },
  {
    id: 'oee-03',
    question: 'oee on plant-b last night',
    sites: B,
    expect: { metric: 'oee', sites: B, window: 'lastNight' },
  },
  // Reliability
  {
    id: 'rel-01',
    question: 'MTTR on line 3 this week',
    sites: B,
    expect: { metric: 'mttr', sites: B, window: 'thisWeek', filter: { line: ['line-3'] } },
  },
  {
    id: 'rel-02',
    question: 'mean time to repair on plant-a last week by line',
    sites: A,
    expect: { metric: 'mttr', sites: A, window: 'lastWeek', groupBy: ['line'] },
  },
  {
    id: 'rel-03',
    question: 'MTBF on plant-b this week',
    sites: B,
    expect: { metric: 'mtbf', sites: B, window: 'thisWeek' },
  },
  {
    id: 'rel-04',
    question: 'mean time between failures on line 1 last week',
    sites: A,
    expect: { metric: 'mtbf', sites: A, window: 'lastWeek', filter: { line: ['line-1'] } },
  },
  {
    id: 'rel-05',
    question: 'MTTR by reason yesterday',
    sites: AB,
    expect: { metric: 'mttr', sites: AB, window: 'yesterday', groupBy: ['reason'] },
  },
  // Scope and roles
  {
    id: 'scope-01',
    question: 'downtime last night by line',
    sites: B,
    roles: ['operator'],
    lines: ['line-4'],
    expect: {
      metric: 'downtime_minutes',
      sites: B,
      window: 'lastNight',
      filter: { line: ['line-4'] },
      groupBy: ['line'],
    },
  },
  {
    id: 'scope-02',
    question: 'scrap rate on line-1 this week',
    sites: B,
    expect: { refusal: 'site-out-of-scope' },
  },
  {
    id: 'scope-03',
    question: 'open NCRs this week',
    sites: A,
    roles: ['operator'],
    expect: { refusal: 'role-not-permitted' },
  },
  {
    id: 'scope-05',
    question: 'NCR cycle time this week',
    sites: A,
    roles: ['operator'],
    expect: { refusal: 'role-not-permitted' },
  },
  {
    id: 'scope-04',
    question: 'downtime on line 3 last night',
    sites: B,
    roles: ['operator'],
    lines: ['line-4'],
    expect: { refusal: 'line-out-of-scope' },
  },
  // No fit: never a guess
  {
    id: 'nofit-01',
    question: 'What is the energy consumption of press 2?',
    sites: AB,
    expect: { refusal: 'no-fit' },
  },
  {
    id: 'nofit-02',
    question: 'Delete the downtime records of line 3',
    sites: B,
    expect: { refusal: 'no-fit' },
  },
  { id: 'nofit-03', question: 'downtime of PX-100 yesterday', sites: AB, expect: { refusal: 'no-fit' } },
  {
    id: 'nofit-04',
    question: 'Who is the best operator on line 1?',
    sites: A,
    expect: { refusal: 'no-fit' },
  },
];
