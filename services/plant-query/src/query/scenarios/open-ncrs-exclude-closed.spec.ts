import { siteId } from '@andon/plant-model';
import { NonconformanceStatus } from '@andon/contracts';
import { ncr } from '../../test-support/plant-events';
import { seededStore, type SeededStore } from '../../test-support/seeded-store';
import { validatePlantQuery } from '../plant-query.dsl';

// Window 2025-03-05 00:00Z-24:00Z on plant-a. Open NCRs = distinct NCRs raised in the window
// and not closed before its end; CONTAINED/CLOSED events are updates, never raisings.
const { OPEN, CONTAINED, CLOSED, UNSPECIFIED } = NonconformanceStatus;
const events = [
  ncr('a-r', 'A', 'line-1', '2025-03-05T02:00:00Z', OPEN), // closed inside the window: not open
  ncr('a-x', 'A', 'line-1', '2025-03-05T10:00:00Z', CLOSED),
  ncr('b-r', 'B', 'line-1', '2025-03-05T03:00:00Z', OPEN), // closed after the window end: open at its end
  ncr('b-x', 'B', 'line-1', '2025-03-06T02:00:00Z', CLOSED),
  ncr('c-r', 'C', 'line-1', '2025-03-05T04:00:00Z', OPEN), // contained is still open, and one NCR
  ncr('c-k', 'C', 'line-1', '2025-03-05T05:00:00Z', CONTAINED),
  ncr('d-r', 'D', 'line-2', '2025-03-04T04:00:00Z', OPEN), // raised before the window
  ncr('d-x', 'D', 'line-2', '2025-03-05T07:00:00Z', CLOSED),
  ncr('e-x', 'E', 'line-2', '2025-03-05T08:00:00Z', CLOSED), // a close alone raises nothing
  ncr('f-r', 'F', 'line-2', '2025-03-05T06:00:00Z', UNSPECIFIED), // no status: a raising
];

describe('open NCRs exclude NCRs closed before the window end', () => {
  let seeded: SeededStore;
  beforeAll(async () => {
    seeded = await seededStore(events);
  });
  afterAll(async () => seeded.close());

  it('counts B, C and F: line-1 2, line-2 1', async () => {
    const v = validatePlantQuery({
      metric: 'open_ncrs',
      groupBy: ['line'],
      time: { kind: 'absolute', from: '2025-03-05T00:00:00Z', to: '2025-03-06T00:00:00Z' },
    });
    if (!v.ok) throw new Error(v.problems.join('; '));
    const r = await seeded.executor.execute(v.query, [siteId('plant-a')], Date.parse('2025-03-07T00:00:00Z'));
    if (!r.ok) throw new Error(r.message);
    expect(r.total.value).toBe(3);
    expect(r.total.recordIds.sort()).toEqual(['b-r', 'c-r', 'f-r']);
    expect(r.rows.map((row) => [row.key['line'], row.value])).toEqual([
      ['line-1', 2],
      ['line-2', 1],
    ]);
  });

  it('an NCR closed after a shorter window ends is still open in it', async () => {
    const v = validatePlantQuery({
      metric: 'open_ncrs',
      time: { kind: 'absolute', from: '2025-03-05T00:00:00Z', to: '2025-03-05T09:00:00Z' },
    });
    if (!v.ok) throw new Error(v.problems.join('; '));
    const r = await seeded.executor.execute(v.query, [siteId('plant-a')], Date.parse('2025-03-07T00:00:00Z'));
    if (!r.ok) throw new Error(r.message);
    expect(r.total.recordIds.sort()).toEqual(['a-r', 'b-r', 'c-r', 'f-r']);
  });
});
