import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// 15:00 in New York: shift A (06-14 local) is the last one that ended.
it('"last shift" is the most recently completed shift', () => {
  const w = resolveWindow(
    { kind: 'relative', period: 'last_shift' },
    Date.parse('2025-03-05T20:00:00Z'),
    testSiteCalendar('plant-b'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-05T11:00:00.000Z', '2025-03-05T19:00:00.000Z']);
});
