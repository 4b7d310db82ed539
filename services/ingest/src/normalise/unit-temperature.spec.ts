import { normaliseQuantity } from './units';

// Scenario: plant B's historian reports Fahrenheit; a furnace reports Kelvin.
describe('temperature to degC', () => {
  it.each([
    [154.4, 'degF', 68],
    [32, '°F', 0],
    [-40, 'F', -40],
    [212, 'fahrenheit', 100],
    [293.15, 'K', 20],
    [21.5, 'degC', 21.5],
    [21.5, '°C', 21.5],
  ])('%p %s is %p degC', (value, unit, celsius) => {
    expect(normaliseQuantity(value, unit)).toEqual({ value: celsius, unit: 'degC', known: true });
  });
});
