import { combineMtbf, mtbf } from '../reliability';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;
const window = { fromMs: t(0), toMs: t(480) };

it('MTBF: uptime (window minus merged failure downtime) over failures starting in it', () => {
  const failures = [
    { startMs: t(-20), endMs: t(10) }, // 10 minutes down inside, not a failure of this window
    { startMs: t(100), endMs: t(130) },
    { startMs: t(120), endMs: t(140) }, // overlaps the previous one: 10 more minutes, one more failure
    { startMs: t(460), endMs: null }, // open: down to the window end
  ];
  expect(mtbf(failures, window)).toEqual({
    minutes: (480 - 10 - 40 - 20) / 3,
    failures: 3,
    plannedMinutes: 480,
    failureDowntimeMinutes: 70,
    uptimeMinutes: 410,
  });
});

it('MTBF with no failure is null; a running window is measured to now; lines combine by summed uptime', () => {
  expect(mtbf([], window)).toMatchObject({ minutes: null, failures: 0, uptimeMinutes: 480 });
  expect(mtbf([{ startMs: t(50), endMs: null }], window, t(60))).toEqual({
    minutes: 50,
    failures: 1,
    plannedMinutes: 60,
    failureDowntimeMinutes: 10,
    uptimeMinutes: 50,
  });
  const a = mtbf([{ startMs: t(0), endMs: t(60) }], window);
  const b = mtbf([], window);
  expect(combineMtbf([a, b])).toMatchObject({ minutes: 900, failures: 1, uptimeMinutes: 900 });
});
