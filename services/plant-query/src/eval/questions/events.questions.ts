import { A, AB, B, type EvalQuestion } from '../eval-question';

/** Alarms, NCRs and material lots. */
export const EVENT_QUESTIONS: readonly EvalQuestion[] = [
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
];
