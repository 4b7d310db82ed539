import { computeOee } from '../oee';

it('more downtime than planned time: capped at the planned time, reported, availability 0%', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 500,
    good: 0,
    scrap: 0,
    idealRatePerMinute: 30,
  });
  expect(r).toMatchObject({ downtimeMinutes: 480, runMinutes: 0, availability: 0, performance: 0, oee: 0 });
  expect(r.dataQualityIssues[0]).toContain('exceeds the planned time');
});
