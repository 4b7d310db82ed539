import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// 03:00 Wed in Berlin: the night shift that is running has not ended, so "last night" is Mon 22:00 -> Tue 06:00.
it('"last night" asked during the night shift means the previous, completed night', () => {
  const w = resolveWindow(
    { kind: 'relative', period: 'last_night' },
    Date.parse('2025-03-05T02:00:00Z'),
    testSiteCalendar('plant-a'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-03T21:00:00.000Z', '2025-03-04T05:00:00.000Z']);
});
