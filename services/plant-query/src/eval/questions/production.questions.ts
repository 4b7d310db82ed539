import { A, AB, B, type EvalQuestion } from '../eval-question';

/** Downtime, scrap rate and first-pass yield. */
export const PRODUCTION_QUESTIONS: readonly EvalQuestion[] = [
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
];
