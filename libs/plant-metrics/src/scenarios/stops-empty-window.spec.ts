import { downtimeMinutes } from '../stops';
import { oeeOverWindow } from '../oee';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;

it('an empty window (or one that has not started) has no planned time: ratios are 0 and the report says why', () => {
  const empty = { fromMs: t(60), toMs: t(60) };
  expect(downtimeMinutes([{ startMs: t(0), endMs: null }], empty)).toBe(0);
  const r = oeeOverWindow({
    window: { fromMs: t(60), toMs: t(120) },
    nowMs: t(30),
    stops: [],
    good: 0,
    scrap: 0,
    idealRatePerMinute: 60,
  });
  expect(r).toMatchObject({ plannedMinutes: 0, downtimeMinutes: 0, availability: 0, oee: 0 });
  expect(r.dataQualityIssues).toEqual(['no planned production time', 'no output was counted']);
});
