import { normaliseQuantity } from './units';

// Scenario: hydraulic pressure in psi (plant B) and kPa (plant A), compared in bar.
describe('pressure to bar', () => {
  it.each([
    [100, 'psi', 6.89475729],
    [250, 'kPa', 2.5],
    [100000, 'Pa', 1],
    [1200, 'mbar', 1.2],
    [0.1, 'MPa', 1],
  ])('%p %s is %p bar', (value, unit, bar) => {
    expect(normaliseQuantity(value, unit)).toEqual({ value: bar, unit: 'bar', known: true });
  });
});
