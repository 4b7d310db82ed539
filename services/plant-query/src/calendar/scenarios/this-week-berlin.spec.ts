import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// Wednesday 13:00 Berlin: the week started Monday 00:00 local = Sunday 23:00Z.
it('"this week" runs from Monday 00:00 local to now', () => {
  const w = resolveWindow(
    { kind: 'relative', period: 'this_week' },
    Date.parse('2025-03-05T12:00:00Z'),
    testSiteCalendar('plant-a'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-02T23:00:00.000Z', '2025-03-05T12:00:00.000Z']);
});
