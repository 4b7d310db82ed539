import { parseQuestion } from './question-parser';

const parsed = (q: string) => {
  const r = parseQuestion(q);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.query;
};

describe('deterministic question parser', () => {
  it.each([
    [
      'How much downtime did line 3 have last night, and why?',
      {
        metric: 'downtime_minutes',
        filters: { line: ['line-3'] },
        groupBy: ['reason'],
        time: { kind: 'relative', period: 'last_night' },
      },
    ],
    [
      'scrap rate on line-1 this week',
      {
        metric: 'scrap_rate',
        filters: { line: ['line-1'] },
        groupBy: [],
        time: { kind: 'relative', period: 'this_week' },
      },
    ],
    [
      "Which lots used supplier ResinWorks GmbH's resin this week?",
      {
        metric: 'lots',
        filters: { supplier: ['ResinWorks GmbH'], materialClass: ['resin'] },
        time: { kind: 'relative', period: 'this_week' },
      },
    ],
    [
      'how many alarms on plant-b yesterday',
      {
        metric: 'alarm_count',
        filters: { site: ['plant-b'] },
        time: { kind: 'relative', period: 'yesterday' },
      },
    ],
    [
      'downtime in shift B by line',
      { metric: 'downtime_minutes', groupBy: ['line'], time: { kind: 'shift', shift: 'B', day: 'latest' } },
    ],
    [
      'scrap rate for shift C yesterday on line 2',
      {
        metric: 'scrap_rate',
        filters: { line: ['line-2'] },
        time: { kind: 'shift', shift: 'C', day: 'yesterday' },
      },
    ],
    [
      'scrap rate on shift A this week per product',
      {
        metric: 'scrap_rate',
        filters: { shift: ['A'] },
        groupBy: ['product'],
        time: { kind: 'relative', period: 'this_week' },
      },
    ],
    [
      'OEE on plant-a last shift',
      {
        metric: 'oee',
        filters: { site: ['plant-a'] },
        groupBy: ['site', 'line'],
        time: { kind: 'relative', period: 'last_shift' },
      },
    ],
    [
      'first pass yield of PX-100 in the last 8 hours',
      {
        metric: 'first_pass_yield',
        filters: { product: ['PX-100'] },
        time: { kind: 'last_hours', hours: 8 },
      },
    ],
    [
      'critical alarms on line 4 today',
      {
        metric: 'alarm_count',
        filters: { line: ['line-4'], severity: ['critical'] },
        time: { kind: 'relative', period: 'today' },
      },
    ],
    [
      'open NCRs last week by supplier',
      { metric: 'open_ncrs', groupBy: ['supplier'], time: { kind: 'relative', period: 'last_week' } },
    ],
    [
      'NCR cycle time this week by line',
      { metric: 'ncr_cycle_time', groupBy: ['line'], time: { kind: 'relative', period: 'this_week' } },
    ],
    [
      'deviation cycle time on plant-a last week',
      {
        metric: 'ncr_cycle_time',
        filters: { site: ['plant-a'] },
        groupBy: [],
        time: { kind: 'relative', period: 'last_week' },
      },
    ],
    [
      'time to close NCRs on line 3 yesterday',
      {
        metric: 'ncr_cycle_time',
        filters: { line: ['line-3'] },
        time: { kind: 'relative', period: 'yesterday' },
      },
    ],
    [
      'MTTR on line 3 last night',
      {
        metric: 'mttr',
        filters: { line: ['line-3'] },
        groupBy: [],
        time: { kind: 'relative', period: 'last_night' },
      },
    ],
    [
      'mean time between failures on plant-b this week',
      {
        metric: 'mtbf',
        filters: { site: ['plant-b'] },
        groupBy: ['site', 'line'],
        time: { kind: 'relative', period: 'this_week' },
      },
    ],
    [
      'mean time to repair by reason yesterday',
      { metric: 'mttr', groupBy: ['reason'], time: { kind: 'relative', period: 'yesterday' } },
    ],
    [
      'top 3 downtime reasons on plant-b this week by reason',
      { metric: 'downtime_minutes', filters: { site: ['plant-b'] }, groupBy: ['reason'], limit: 3 },
    ],
  ])('%s', (question, expected) => {
    expect(parsed(question)).toMatchObject(expected);
  });

  it('defaults to the last 24 hours when no time is named, and shows it in the query', () => {
    expect(parsed('alarms on line 1').time).toEqual({ kind: 'last_hours', hours: 24 });
  });

  it.each([
    ['What is the weather in Berlin tomorrow?'],
    ['What is the energy consumption of press 2?'],
    ['Who is the best operator on line 1?'],
    ['Delete the downtime records of line 3'],
    ['Hold lot LOT-R1 because of the scrap'],
  ])('cannot answer: %s', (question) => {
    expect(parseQuestion(question).ok).toBe(false);
  });

  it('refuses a query the catalogue cannot express rather than dropping part of it', () => {
    // Downtime has no product dimension: the question is refused, not answered for all products.
    expect(parseQuestion('downtime of PX-100 yesterday')).toMatchObject({ ok: false });
  });
});
