import { checkNarrativeNumbers } from './number-check';

const result = {
  rows: [{ key: { line: 'line-3', reason: 'changeover' }, value: 20 }],
  total: { value: 0.0989, measures: { scrap: 455, total: 4600 } },
};

describe('narrative number check', () => {
  it('passes numbers, rounded percentages and identifiers found in the result', () => {
    expect(
      checkNarrativeNumbers('line-3: changeover 20 minutes; scrap rate 9.9% (455 of 4600).', result),
    ).toEqual({ passed: true, unsupported: [] });
  });

  it('flags a number, a percentage and an identifier the result does not contain', () => {
    expect(checkNarrativeNumbers('line-4 lost 25 minutes; scrap rate 12%.', result)).toEqual({
      passed: false,
      unsupported: ['line-4', '25', '12%'],
    });
  });
});
