import { coverageGap, maxCoverage } from './role-coverage';

describe('role coverage', () => {
  it('needs different people for different roles', () => {
    expect(
      maxCoverage(
        ['quality_engineer', 'production_supervisor'],
        [['quality_engineer', 'production_supervisor']],
      ),
    ).toBe(1);
  });

  it('finds the assignment a greedy pass would miss', () => {
    // Greedy would give A the first role and leave B unable to cover anything.
    const signers = [['quality_engineer', 'production_supervisor'], ['quality_engineer']] as const;
    expect(
      maxCoverage(
        ['quality_engineer', 'production_supervisor'],
        signers.map((s) => [...s]),
      ),
    ).toBe(2);
  });

  it('says which roles a next signer could bring', () => {
    expect(
      coverageGap(
        ['quality_engineer', 'production_supervisor'],
        [['quality_engineer', 'production_supervisor']],
      ),
    ).toEqual({
      deficit: 1,
      helpfulRoles: ['quality_engineer', 'production_supervisor'],
    });
    expect(coverageGap(['quality_engineer', 'production_supervisor'], [['quality_engineer']])).toEqual({
      deficit: 1,
      helpfulRoles: ['production_supervisor'],
    });
    expect(coverageGap([], [])).toEqual({ deficit: 0, helpfulRoles: [] });
  });
});
