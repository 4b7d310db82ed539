import { CheckResult, QualityCheck } from '@andon/contracts';
import { applyCanonicalUnits } from './apply-units';

// Scenario: a check in inches with one-sided limits; value and limits convert together, absent limits stay absent.
describe('quality check limits follow the measured value', () => {
  it('converts value and the present limit with one conversion', () => {
    const check = QualityCheck.fromPartial({
      characteristic: 'wall_thickness',
      measuredValue: 0.4,
      upperSpecLimit: 0.402,
      unit: 'in',
      result: CheckResult.PASS,
    });
    const { payload } = applyCanonicalUnits({ $case: 'qualityCheck', value: check });
    expect(payload).toEqual({
      $case: 'qualityCheck',
      value: expect.objectContaining({
        measuredValue: 10.16,
        upperSpecLimit: 10.2108,
        lowerSpecLimit: undefined,
        unit: 'mm',
      }),
    });
  });
});
