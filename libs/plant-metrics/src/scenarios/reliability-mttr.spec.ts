import { combineMttr, mttr } from '../reliability';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;
const window = { fromMs: t(0), toMs: t(480) };

it('MTTR: failures starting in the window, each repair counted whole; an open repair is reported apart', () => {
  const failures = [
    { startMs: t(-20), endMs: t(10) }, // started before the window: not this window's failure
    { startMs: t(100), endMs: t(130) },
    { startMs: t(470), endMs: t(520) }, // repair runs past the window end: counted whole (50)
    { startMs: t(400), endMs: null }, // still being repaired
  ];
  expect(mttr(failures, window)).toEqual({ minutes: 40, repairs: 2, repairMinutes: 80, stillOpen: 1 });
});

it('MTTR without a finished repair is null, and windows combine by summing repairs', () => {
  expect(mttr([], window).minutes).toBeNull();
  expect(mttr([{ startMs: t(5), endMs: null }], window)).toMatchObject({ minutes: null, stillOpen: 1 });
  const a = mttr([{ startMs: t(10), endMs: t(20) }], window);
  const b = mttr(
    [
      { startMs: t(10), endMs: t(40) },
      { startMs: t(50), endMs: t(70) },
    ],
    window,
  );
  expect(combineMttr([a, b])).toEqual({ minutes: 20, repairs: 3, repairMinutes: 60, stillOpen: 0 });
});
