import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: an approver not scoped to the action site', () => {
  const { active } = seedPolicies();
  const flag = action({
    actionType: 'mes.raise_compliance_flag',
    riskClass: 'decision_support',
    site: 'plant-c',
    proposedBy: 'agent:compliance',
  });

  it('the signature does not count', () => {
    const result = evaluate(
      active,
      flag,
      [signature('u-co-1', ['compliance_officer'], 2, { sites: ['plant-a'] })],
      minutesAfterProposal(3),
    );
    expect(result.state).toBe('pending');
    expect(result.ignored[0]?.reasons).toEqual([
      { code: 'SITE_OUT_OF_SCOPE', message: 'u-co-1 is not scoped to site plant-c' },
    ]);
  });

  it('an enterprise-wide officer (sites: *) may sign', () => {
    expect(
      checkApprover(
        active,
        flag,
        { userId: 'u-co-2', roles: ['compliance_officer'], sites: ['*'] },
        [],
        minutesAfterProposal(3),
      ).allowed,
    ).toBe(true);
    const result = evaluate(
      active,
      flag,
      [signature('u-co-2', ['compliance_officer'], 2, { sites: ['*'] })],
      minutesAfterProposal(3),
    );
    expect(result.state).toBe('approved');
  });
});
