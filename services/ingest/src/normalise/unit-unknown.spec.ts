import { applyCanonicalUnits } from './apply-units';
import { normaliseQuantity } from './units';

// Scenario: a unit ingest does not know passes through unchanged and is reported, never guessed.
describe('unknown units', () => {
  it('pass through with known = false', () => {
    expect(normaliseQuantity(3.3, 'furlong')).toEqual({ value: 3.3, unit: 'furlong', known: false });
  });

  it('are listed by the payload conversion', () => {
    const result = applyCanonicalUnits({
      $case: 'historianReading',
      value: { tag: 't', value: 3.3, unit: 'rpm', quality: 1, machineId: '' },
    });
    expect(result.unknownUnits).toEqual(['rpm']);
    expect(result.payload).toEqual({
      $case: 'historianReading',
      value: { tag: 't', value: 3.3, unit: 'rpm', quality: 1, machineId: '' },
    });
  });
});
