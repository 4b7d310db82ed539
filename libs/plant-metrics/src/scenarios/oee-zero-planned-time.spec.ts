import { computeOee } from '../oee';

it('zero planned time: every ratio is 0 and the report says why, instead of dividing by zero', () => {
  const r = computeOee({ plannedMinutes: 0, downtimeMinutes: 0, good: 0, scrap: 0, idealRatePerMinute: 60 });
  expect(r).toMatchObject({ availability: 0, performance: 0, quality: 0, oee: 0 });
  expect(r.dataQualityIssues).toEqual(['no planned production time', 'no output was counted']);
  expect(Object.values(r).every((v) => !(typeof v === 'number' && Number.isNaN(v)))).toBe(true);
});
