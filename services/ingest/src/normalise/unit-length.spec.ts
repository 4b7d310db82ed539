import { normaliseQuantity } from './units';

// Scenario: wall thickness measured in inches at one site, millimetres at the other.
describe('length to mm', () => {
  it.each([
    [0.394, 'in', 10.0076],
    [1, 'ft', 304.8],
    [1.5, 'cm', 15],
    [0.01, 'm', 10],
    [250, 'um', 0.25],
    [10, 'mm', 10],
  ])('%p %s is %p mm', (value, unit, mm) => {
    expect(normaliseQuantity(value, unit)).toEqual({ value: mm, unit: 'mm', known: true });
  });
});
