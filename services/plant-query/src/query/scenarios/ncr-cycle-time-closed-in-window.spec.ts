import { siteId } from '@andon/plant-model';
import { NonconformanceStatus } from '@andon/contracts';
import { buildAnswer } from '../../answer/answer-builder';
import { ncr } from '../../test-support/plant-events';
import { seededStore, type SeededStore } from '../../test-support/seeded-store';
import { validatePlantQuery, type PlantQuery } from '../plant-query.dsl';
import type { ExecutionResult } from '../query-executor';

// Window 2025-03-05 00:00Z-24:00Z on plant-a (line-1, line-2). Cycle time = first raising -> first CLOSED,
// counted for NCRs whose first CLOSED event falls in the window.
const { OPEN, CONTAINED, CLOSED, UNSPECIFIED } = NonconformanceStatus;
const events = [
  ncr('n1-r', 'N1', 'line-1', '2025-03-04T10:00:00Z', OPEN), // raised before the window: still counted, 24 h
  ncr('n1-k', 'N1', 'line-1', '2025-03-04T12:00:00Z', CONTAINED),
  ncr('n1-x', 'N1', 'line-1', '2025-03-05T10:00:00Z', CLOSED),
  ncr('n2-r', 'N2', 'line-1', '2025-03-05T02:00:00Z', OPEN), // 6.5 h
  ncr('n2-x', 'N2', 'line-1', '2025-03-05T08:30:00Z', CLOSED),
  ncr('n3-r', 'N3', 'line-1', '2025-03-05T01:00:00Z', OPEN), // closed after the window: not this window's
  ncr('n3-x', 'N3', 'line-1', '2025-03-06T05:00:00Z', CLOSED),
  ncr('n4-x', 'N4', 'line-1', '2025-03-05T04:00:00Z', CLOSED), // never seen raised: no cycle time
  ncr('n5-r', 'N5', 'line-1', '2025-03-03T00:00:00Z', OPEN), // first closed before the window
  ncr('n5-x', 'N5', 'line-1', '2025-03-04T00:00:00Z', CLOSED),
  ncr('n5-y', 'N5', 'line-1', '2025-03-05T12:00:00Z', CLOSED),
  ncr('n6-r', 'N6', 'line-2', '2025-03-05T03:00:00Z', UNSPECIFIED), // a producer without status raises too: 3 h
  ncr('n6-u', 'N6', 'line-2', '2025-03-05T04:00:00Z', UNSPECIFIED), // a later update: the first raising counts
  ncr('n6-x', 'N6', 'line-2', '2025-03-05T06:00:00Z', CLOSED),
];
const NOW = Date.parse('2025-03-07T00:00:00Z');
const query = (groupBy: string[], from = '2025-03-05T00:00:00Z', to = '2025-03-06T00:00:00Z'): PlantQuery => {
  const v = validatePlantQuery({ metric: 'ncr_cycle_time', groupBy, time: { kind: 'absolute', from, to } });
  if (!v.ok) throw new Error(v.problems.join('; '));
  return v.query;
};
const ok = (r: ExecutionResult) => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('NCR cycle time: hours from first raising to first closing, for NCRs closed in the window', () => {
  let seeded: SeededStore;
  beforeAll(async () => {
    seeded = await seededStore(events);
  });
  afterAll(async () => seeded.close());

  it('per line: line-1 (24 + 6.5) / 2 = 15.25 -> 15.3, line-2 3', async () => {
    const r = ok(await seeded.executor.execute(query(['line']), [siteId('plant-a')], NOW));
    expect(r.rows.map((row) => [row.key['line'], row.value, row.measures])).toEqual([
      ['line-1', 15.3, { closed: 2, totalHours: 30.5 }],
      ['line-2', 3, { closed: 1, totalHours: 3 }],
    ]);
    expect(r.rows[0]?.recordIds.sort()).toEqual(['n1-r', 'n1-x', 'n2-r', 'n2-x']);
  });

  it('in total: (24 + 6.5 + 3) / 3 = 11.17 -> 11.2, and the narrative states only result figures', async () => {
    const q = query([]);
    const r = ok(await seeded.executor.execute(q, [siteId('plant-a')], NOW));
    expect(r.total).toMatchObject({ value: 11.2, measures: { closed: 3, totalHours: 33.5 } });
    const answer = buildAnswer(q, r);
    expect(answer.narrative).toContain('11.2 hours on average from raised to closed, over 3 closed NCRs');
    expect(answer.narrativeCheck).toEqual({ passed: true, unsupported: [] });
  });

  it('is null, not zero, when no NCR closed in the window', async () => {
    const q = query([], '2025-03-06T12:00:00Z', '2025-03-06T18:00:00Z');
    const r = ok(await seeded.executor.execute(q, [siteId('plant-a')], NOW));
    expect(r.total).toMatchObject({ value: null, measures: { closed: 0 } });
    expect(r.rows).toEqual([]);
    expect(buildAnswer(q, r).narrative).toContain('closed no NCRs');
  });
});
