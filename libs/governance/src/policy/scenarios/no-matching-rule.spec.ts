import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: an action type no rule covers', () => {
  const { active } = seedPolicies();
  const unknown = action({ actionType: 'mes.scrap_lot', riskClass: 'transaction_execution' });

  it('is rejected (fail closed) whoever signs it', () => {
    const result = evaluate(
      active,
      unknown,
      [signature('u-qe-1', ['quality_engineer'], 1), signature('u-ps-1', ['production_supervisor'], 2)],
      minutesAfterProposal(3),
    );
    expect(result.state).toBe('rejected');
    expect(result.policy).toBeNull();
    expect(result.ignored.map((i) => i.reasons[0]?.code)).toEqual(['NO_MATCHING_RULE', 'NO_MATCHING_RULE']);
  });

  it('checkApprover says so', () => {
    const check = checkApprover(
      active,
      unknown,
      { userId: 'u-qe-1', roles: ['quality_engineer'], sites: ['plant-a'] },
      [],
      minutesAfterProposal(3),
    );
    expect(check).toMatchObject({ allowed: false, reasons: [{ code: 'NO_MATCHING_RULE' }] });
  });
});
