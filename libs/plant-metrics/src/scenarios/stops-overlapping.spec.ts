import { downtimeMinutes, mergedStops } from '../stops';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;
const shift = { fromMs: t(0), toMs: t(480) };

it('overlapping and touching stops count once: two machines down at once is one stopped line', () => {
  const stops = [
    { startMs: t(100), endMs: t(130) },
    { startMs: t(110), endMs: t(120) },
    { startMs: t(130), endMs: t(140) },
    { startMs: t(300), endMs: t(310) },
  ];
  expect(mergedStops(stops, shift)).toEqual([
    { startMs: t(100), endMs: t(140) },
    { startMs: t(300), endMs: t(310) },
  ]);
  expect(downtimeMinutes(stops, shift)).toBe(50);
  // The same stops in another order give the same minutes.
  expect(downtimeMinutes([...stops].reverse(), shift)).toBe(50);
});
