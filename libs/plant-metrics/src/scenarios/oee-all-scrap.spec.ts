import { computeOee } from '../oee';

it('all scrap: quality 0% makes OEE 0% whatever the speed', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 0,
    good: 0,
    scrap: 20_000,
    idealRatePerMinute: 60,
  });
  expect(r).toMatchObject({
    availability: 1,
    performance: 0.6944,
    quality: 0,
    oee: 0,
    total: 20_000,
    dataQualityIssues: [],
  });
});
