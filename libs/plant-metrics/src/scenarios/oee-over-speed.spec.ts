import { computeOee } from '../oee';

it('counts above the ideal rate: performance is capped at 100% and the ideal rate is questioned', () => {
  const r = computeOee({
    plannedMinutes: 60,
    downtimeMinutes: 0,
    good: 4_000,
    scrap: 0,
    idealRatePerMinute: 60,
  });
  expect(r).toMatchObject({ performance: 1, oee: 1 });
  expect(r.dataQualityIssues).toEqual([
    expect.stringContaining('above the ideal rate of 60 per minute (performance 111.1111%)'),
  ]);
});
