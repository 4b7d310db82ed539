import { computeOee } from '../oee';

it('typical shift: A x P x Q equals good output over ideal output in planned time', () => {
  const r = computeOee({
    plannedMinutes: 480,
    downtimeMinutes: 48,
    good: 15_000,
    scrap: 600,
    idealRatePerMinute: 40,
  });
  expect(r).toMatchObject({ availability: 0.9, performance: 0.9028, quality: 0.9615, oee: 0.7813 });
  expect(r.oee).toBeCloseTo(15_000 / (40 * 480), 4);
});
