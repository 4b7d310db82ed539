import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: the same person signs a two-person action twice', () => {
  const { active } = seedPolicies();
  // Holds both roles, so only the distinct-people rule can stop a one-person approval.
  const both: ['quality_engineer', 'production_supervisor'] = ['quality_engineer', 'production_supervisor'];
  const first = signature('u-lead', both, 5, { meaning: 'APPROVAL' });
  const second = signature('u-lead', both, 9, { role: 'production_supervisor', meaning: 'RESPONSIBILITY' });

  it('counts only the first signature and stays pending', () => {
    const result = evaluate(active, action(), [first, second], minutesAfterProposal(10));
    expect(result.state).toBe('pending');
    expect(result.counted.map((a) => a.userId)).toEqual(['u-lead']);
    expect(result.ignored).toHaveLength(1);
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toEqual(['ALREADY_SIGNED']);
    expect(result.needed).toEqual(['1 more approver with role production_supervisor']);
  });

  it('checkApprover refuses the second signature', () => {
    const check = checkApprover(
      active,
      action(),
      { userId: 'u-lead', roles: both, sites: ['plant-a'] },
      [first],
      minutesAfterProposal(8),
      'production_supervisor',
    );
    expect(check).toMatchObject({ allowed: false, reasons: [{ code: 'ALREADY_SIGNED' }] });
  });
});
