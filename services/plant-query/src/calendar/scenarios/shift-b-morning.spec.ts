import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// 09:00 in New York: today's shift B has not started, so the latest shift B is yesterday's 14:00-22:00 local.
it('"shift B" in the morning is yesterday afternoon', () => {
  const w = resolveWindow(
    { kind: 'shift', shift: 'B', day: 'latest' },
    Date.parse('2025-03-05T14:00:00Z'),
    testSiteCalendar('plant-b'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-04T19:00:00.000Z', '2025-03-05T03:00:00.000Z']);
});
