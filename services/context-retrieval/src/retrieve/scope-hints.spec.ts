import { withScopeHints } from './scope-hints';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('withScopeHints', () => {
  it('reads "line 3" and "last 8 hours"', () => {
    expect(withScopeHints('what happened on line 3 in the last 8 hours', {}, NOW)).toEqual({
      line: 'line-3',
      occurredFrom: NOW - 8 * 3_600_000,
      occurredTo: NOW,
    });
  });

  it('reads minutes and days, and line-4 spelt with a hyphen', () => {
    expect(withScopeHints('alarms on line-4 past 30 min', {}, NOW)).toEqual({
      line: 'line-4',
      occurredFrom: NOW - 30 * 60_000,
      occurredTo: NOW,
    });
    expect(withScopeHints('NCRs in the last 2 days', {}, NOW)).toEqual({
      occurredFrom: NOW - 2 * 86_400_000,
      occurredTo: NOW,
    });
  });

  it('never overrides explicit filters and leaves plain questions alone', () => {
    expect(withScopeHints('line 3 last 8 hours', { line: 'line-4', occurredFrom: 1 }, NOW)).toEqual({
      line: 'line-4',
      occurredFrom: 1,
    });
    expect(withScopeHints('how do I clear a jam', { site: 'plant-a' }, NOW)).toEqual({ site: 'plant-a' });
  });
});
