import { computeOee } from '../oee';

it('an ideal rate of 0 is an unknown rate: performance and OEE are null, never a division by zero', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 60,
    good: 1_000,
    scrap: 0,
    idealRatePerMinute: 0,
  });
  expect(r).toMatchObject({ availability: 0.875, performance: null, quality: 1, oee: null });
  expect(r.dataQualityIssues).toEqual([expect.stringContaining('no ideal rate')]);
});
