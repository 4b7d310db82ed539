import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// Berlin moved to summer time on Sun 2025-03-30 (02:00 -> 03:00): that day had 23 hours.
it('"yesterday" on the day after the DST change is 23 hours long', () => {
  const w = resolveWindow(
    { kind: 'relative', period: 'yesterday' },
    Date.parse('2025-03-31T10:00:00Z'),
    testSiteCalendar('plant-a'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-29T23:00:00.000Z', '2025-03-30T22:00:00.000Z']);
  expect((w.toMs - w.fromMs) / 3_600_000).toBe(23);
});
