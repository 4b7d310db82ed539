import { normaliseQuantity } from './units';

// Scenario: filling lines report gallons or millilitres; counting lines say pcs, ea or units.
describe('volume to L and counts to ea', () => {
  it.each([
    [1, 'gal', 3.785411784, 'L'],
    [500, 'mL', 0.5, 'L'],
    [2, 'm3', 2000, 'L'],
    [57, 'pcs', 57, 'ea'],
    [57, 'EA', 57, 'ea'],
    [3, 'units', 3, 'ea'],
  ])('%p %s is %p %s', (value, unit, converted, canonical) => {
    expect(normaliseQuantity(value, unit)).toEqual({ value: converted, unit: canonical, known: true });
  });
});
