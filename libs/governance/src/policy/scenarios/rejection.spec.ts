import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: an eligible approver rejects', () => {
  const { active } = seedPolicies();
  const approve = signature('u-qe-1', ['quality_engineer'], 5);
  const reject = signature('u-ps-1', ['production_supervisor'], 7, {
    approved: false,
    meaning: 'REVIEW',
    reason: 'lot already shipped to customer, recall path instead',
  });

  it('rejects even though another person approved', () => {
    const result = evaluate(active, action(), [approve, reject], minutesAfterProposal(8));
    expect(result.state).toBe('rejected');
    expect(result.reasons[0]).toBe(
      'rejected by u-ps-1: lot already shipped to customer, recall path instead',
    );
  });

  it('a later approval cannot undo the rejection', () => {
    const late = signature('u-ps-2', ['production_supervisor'], 9, { meaning: 'RESPONSIBILITY' });
    expect(evaluate(active, action(), [approve, reject, late], minutesAfterProposal(10)).state).toBe(
      'rejected',
    );
  });

  it('a rejection by someone without a permitted role does not reject', () => {
    const operator = signature('u-op-1', ['operator'], 6, {
      approved: false,
      meaning: 'REVIEW',
      reason: 'disagree',
    });
    const result = evaluate(active, action(), [approve, operator], minutesAfterProposal(8));
    expect(result.state).toBe('pending');
    expect(result.ignored[0]?.reasons[0]?.code).toBe('ROLE_NOT_PERMITTED');
  });

  it('a rejection needs no re-authentication: stopping an action is always safe', () => {
    const quick = { ...reject, reauthenticatedAt: null };
    expect(evaluate(active, action(), [approve, quick], minutesAfterProposal(8)).state).toBe('rejected');
  });

  it('a rejection without a reason does not count', () => {
    const bare = { ...reject, reason: '  ' };
    expect(evaluate(active, action(), [approve, bare], minutesAfterProposal(8)).state).toBe('pending');
  });
});
