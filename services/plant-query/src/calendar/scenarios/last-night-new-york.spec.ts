import { testSiteCalendar } from '../../test-support/test-plant';
import { resolveWindow } from '../resolve-window';

// Wed 2025-03-05 07:00 in New York (EST, UTC-5): last night is shift C 22:00 Tue -> 06:00 Wed local.
it('"last night" in New York is the night shift that ended at 06:00 local', () => {
  const w = resolveWindow(
    { kind: 'relative', period: 'last_night' },
    Date.parse('2025-03-05T12:00:00Z'),
    testSiteCalendar('plant-b'),
  );
  expect([w.from, w.to]).toEqual(['2025-03-05T03:00:00.000Z', '2025-03-05T11:00:00.000Z']);
});
