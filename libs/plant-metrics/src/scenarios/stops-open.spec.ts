import { downtimeMinutes } from '../stops';
import { oeeOverWindow } from '../oee';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;
const shift = { fromMs: t(0), toMs: t(480) };

it('a stop still open counts to the window end, or to now while the window runs', () => {
  const stops = [{ startMs: t(400), endMs: null }];
  expect(downtimeMinutes(stops, shift)).toBe(80);
  // Two hours into the shift: an open stop since minute 100 is 20 minutes so far, nothing in the future.
  expect(downtimeMinutes([{ startMs: t(100), endMs: null }], shift, t(120))).toBe(20);
  expect(downtimeMinutes(stops, shift, t(120))).toBe(0);
});

it('a running window is measured to now: planned time is the elapsed part only', () => {
  const r = oeeOverWindow({
    window: shift,
    nowMs: t(120),
    stops: [{ startMs: t(100), endMs: null }],
    good: 5_000,
    scrap: 0,
    idealRatePerMinute: 50,
  });
  expect(r).toMatchObject({
    plannedMinutes: 120,
    downtimeMinutes: 20,
    runMinutes: 100,
    availability: 0.8333,
    performance: 1,
    quality: 1,
  });
});
