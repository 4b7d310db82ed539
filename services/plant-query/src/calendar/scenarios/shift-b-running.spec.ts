import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// 16:30 in Berlin (UTC+1): shift B started at 14:00 local and is still running, so the window stops at now.
it('"shift B" while B runs is today 14:00 local to now', () => {
  const w = resolveWindow(
    { kind: 'shift', shift: 'B', day: 'latest' },
    Date.parse('2025-03-05T15:30:00Z'),
    testSiteCalendar('plant-a'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-05T13:00:00.000Z', '2025-03-05T15:30:00.000Z']);
});
