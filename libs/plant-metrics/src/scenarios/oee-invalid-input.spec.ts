import { computeOee } from '../oee';

it('negative or non-finite inputs are refused rather than producing a plausible-looking OEE', () => {
  expect(() =>
    computeOee({ plannedMinutes: 480, downtimeMinutes: -5, good: 10, scrap: 0, idealRatePerMinute: 60 }),
  ).toThrow(RangeError);
  expect(() =>
    computeOee({
      plannedMinutes: Number.NaN,
      downtimeMinutes: 0,
      good: 10,
      scrap: 0,
      idealRatePerMinute: 60,
    }),
  ).toThrow(/plannedMinutes/);
});
