import { evaluate } from '../evaluate';
import { action, at, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: a transaction signature without fresh re-authentication', () => {
  const { active } = seedPolicies();
  const qe = signature('u-qe-1', ['quality_engineer'], 5);

  it('a signature with no re-authentication does not count', () => {
    const ps = signature('u-ps-1', ['production_supervisor'], 12, {
      meaning: 'RESPONSIBILITY',
      reauthenticatedAt: null,
    });
    const result = evaluate(active, action(), [qe, ps], minutesAfterProposal(13));
    expect(result.state).toBe('pending');
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toEqual(['REAUTH_MISSING']);
  });

  it('a re-authentication older than the 5 minute window does not count', () => {
    const ps = signature('u-ps-1', ['production_supervisor'], 12, {
      meaning: 'RESPONSIBILITY',
      reauthenticatedAt: at(6),
    });
    const result = evaluate(active, action(), [qe, ps], minutesAfterProposal(13));
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toEqual(['REAUTH_STALE']);
  });

  it('the same person signing again after re-authenticating completes it', () => {
    const stale = signature('u-ps-1', ['production_supervisor'], 12, {
      meaning: 'RESPONSIBILITY',
      reauthenticatedAt: null,
    });
    const fresh = signature('u-ps-1', ['production_supervisor'], 14, { meaning: 'RESPONSIBILITY' });
    expect(evaluate(active, action(), [qe, stale, fresh], minutesAfterProposal(15)).state).toBe('approved');
  });

  it('decision_support actions do not demand re-authentication', () => {
    const shiftLog = action({
      actionType: 'mes.post_shift_log',
      riskClass: 'decision_support',
      proposedBy: 'agent:production',
    });
    const ps = signature('u-ps-1', ['production_supervisor'], 3, { reauthenticatedAt: null });
    expect(evaluate(active, shiftLog, [ps], minutesAfterProposal(4)).state).toBe('approved');
  });
});
