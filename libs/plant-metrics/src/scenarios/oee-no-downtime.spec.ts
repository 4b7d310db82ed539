import { computeOee } from '../oee';

it('no downtime: availability 100%, OEE equals performance when nothing is scrapped', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 0,
    good: 27_000,
    scrap: 0,
    idealRatePerMinute: 60,
  });
  expect(r).toMatchObject({
    availability: 1,
    performance: 0.9375,
    quality: 1,
    oee: 0.9375,
    runMinutes: 480,
    total: 27_000,
    dataQualityIssues: [],
  });
});
