import { computeOee } from '../oee';

it('output counted while the line was recorded as stopped the whole shift is flagged, not turned into infinite performance', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 480,
    good: 120,
    scrap: 0,
    idealRatePerMinute: 80,
  });
  expect(r).toMatchObject({ availability: 0, performance: 0, quality: 1, oee: 0 });
  expect(r.dataQualityIssues).toEqual(['120 units were counted while the line was recorded as stopped']);
});
