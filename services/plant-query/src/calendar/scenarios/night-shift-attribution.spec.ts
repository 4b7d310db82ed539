import { testSiteCalendar } from '../../test-support/test-plant';
import { localTime } from '../local-time';
import { shiftAt } from '../shift-pattern';

// 01:30 local belongs to shift C, 06:00 sharp to A, 21:59 to B, 22:00 to C.
it('attributes instants to shifts at the local boundaries', () => {
  const berlin = (iso: string) => shiftAt(Date.parse(iso), testSiteCalendar('plant-a')).code;
  expect(berlin('2025-03-05T00:30:00Z')).toBe('C');
  expect(berlin('2025-03-05T05:00:00Z')).toBe('A');
  expect(berlin('2025-03-05T20:59:00Z')).toBe('B');
  expect(berlin('2025-03-05T21:00:00Z')).toBe('C');
  expect(localTime(Date.parse('2025-03-05T21:00:00Z'), 'Europe/Berlin')).toMatchObject({
    hour: 22,
    minute: 0,
    weekday: 3,
  });
});
