import { computeOee } from '../oee';

it('unknown ideal rate: performance and OEE are unknown (null), availability and quality still computed', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 120,
    good: 900,
    scrap: 100,
    idealRatePerMinute: undefined,
  });
  expect(r).toMatchObject({ availability: 0.75, performance: null, quality: 0.9, oee: null });
  expect(r.dataQualityIssues).toEqual([expect.stringContaining('no ideal rate')]);
});
