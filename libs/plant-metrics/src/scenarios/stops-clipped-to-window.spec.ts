import { clipStop, downtimeMinutes } from '../stops';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;
const shift = { fromMs: t(0), toMs: t(480) };

it('a stop that began before the window or ends after it counts only for the part inside', () => {
  expect(clipStop({ startMs: t(-30), endMs: t(10) }, shift)).toEqual({ startMs: t(0), endMs: t(10) });
  expect(clipStop({ startMs: t(470), endMs: t(500) }, shift)).toEqual({ startMs: t(470), endMs: t(480) });
  expect(clipStop({ startMs: t(-60), endMs: t(-10) }, shift)).toBeNull();
  expect(
    downtimeMinutes(
      [
        { startMs: t(-30), endMs: t(10) },
        { startMs: t(470), endMs: t(500) },
      ],
      shift,
    ),
  ).toBe(20);
});
