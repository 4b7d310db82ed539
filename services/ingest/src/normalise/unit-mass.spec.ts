import { normaliseQuantity } from './units';

// Scenario: US suppliers and plants count material in pounds and ounces.
describe('mass to kg', () => {
  it.each([
    [1, 'lb', 0.45359237],
    [2.2, 'lbs', 0.997903214],
    [16, 'oz', 0.45359237],
    [1500, 'g', 1.5],
    [1.2, 't', 1200],
    [40, 'kg', 40],
  ])('%p %s is %p kg', (value, unit, kg) => {
    expect(normaliseQuantity(value, unit)).toEqual({ value: kg, unit: 'kg', known: true });
  });
});
