import { A, AB, B, type EvalQuestion } from '../eval-question';

/** OEE, MTTR and MTBF. */
export const PERFORMANCE_QUESTIONS: readonly EvalQuestion[] = [
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
];
