import { validatePlantQuery } from './plant-query.dsl';

const base = { metric: 'scrap_rate', time: { kind: 'relative', period: 'today' } };

describe('plant query DSL validation', () => {
  it('accepts a catalogue query and fills defaults', () => {
    expect(validatePlantQuery(base)).toEqual({
      ok: true,
      query: { ...base, filters: {}, groupBy: [], limit: 20 },
    });
  });

  it('adds the grouping a metric needs (OEE is per line)', () => {
    const r = validatePlantQuery({ metric: 'oee', time: { kind: 'last_hours', hours: 8 } });
    expect(r.ok && r.query.groupBy).toEqual(['site', 'line']);
  });

  it.each([
    ['an unknown metric', { ...base, metric: 'energy_kwh' }],
    ['a dimension the metric lacks (filter)', { ...base, filters: { reason: ['changeover'] } }],
    ['a dimension the metric lacks (group)', { ...base, groupBy: ['alarmCode'] }],
    ['a write operation smuggled in', { ...base, operation: 'delete' }],
    ['a raw store filter', { ...base, filters: { $where: ['1'] } }],
    ['an unbounded limit', { ...base, limit: 1_000_000 }],
    ['an open-ended range', { ...base, time: { kind: 'absolute', from: '2025-01-01T00:00:00Z' } }],
    [
      'a reversed range',
      { ...base, time: { kind: 'absolute', from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' } },
    ],
    ['too many hours', { ...base, time: { kind: 'last_hours', hours: 100_000 } }],
    ['a filter value with query syntax', { ...base, filters: { line: ['{"$ne":null}'] } }],
    ['a site id with a space', { ...base, filters: { site: ['plant a'] } }],
    ['a shift code that is not one capital letter', { ...base, time: { kind: 'shift', shift: 'night' } }],
  ])('refuses %s', (_name, raw) => {
    expect(validatePlantQuery(raw).ok).toBe(false);
  });

  it('normalises a site id once, here: a proposal naming PLANT-A reads plant-a', () => {
    const v = validatePlantQuery({ ...base, filters: { site: [' PLANT-A '] } });
    expect(v.ok && v.query.filters.site).toEqual(['plant-a']);
  });
});
