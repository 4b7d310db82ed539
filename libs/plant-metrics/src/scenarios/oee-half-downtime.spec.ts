import { computeOee } from '../oee';

it('half the shift down: availability 50% halves OEE', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 240,
    good: 13_500,
    scrap: 0,
    idealRatePerMinute: 60,
  });
  expect(r).toMatchObject({
    availability: 0.5,
    performance: 0.9375,
    quality: 1,
    oee: 0.4688,
    runMinutes: 240,
    dataQualityIssues: [],
  });
});
