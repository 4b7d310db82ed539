import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: the approval window closes', () => {
  const { active } = seedPolicies();
  const qe = signature('u-qe-1', ['quality_engineer'], 30);

  it('an unfinished hold expires 8h after the proposal (policy window shorter than the action expiry)', () => {
    const result = evaluate(active, action(), [qe], minutesAfterProposal(8 * 60));
    expect(result.state).toBe('expired');
    expect(result.expiresAt).toBe('2025-06-02T18:00:00.000Z');
    expect(evaluate(active, action(), [qe], minutesAfterProposal(8 * 60 - 1)).state).toBe('pending');
  });

  it('the action expiry wins when it is earlier than the policy window', () => {
    const shortLived = action({ expiresAt: '2025-06-02T11:00:00.000Z' });
    const result = evaluate(active, shortLived, [qe], minutesAfterProposal(61));
    expect(result.state).toBe('expired');
    expect(result.expiresAt).toBe('2025-06-02T11:00:00.000Z');
  });

  it('a signature dated after expiry does not count and the API refuses new signers', () => {
    const late = signature('u-ps-1', ['production_supervisor'], 8 * 60 + 1, { meaning: 'RESPONSIBILITY' });
    const result = evaluate(active, action(), [qe, late], minutesAfterProposal(8 * 60 + 2));
    expect(result.state).toBe('expired');
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toContain('SIGNED_AFTER_EXPIRY');
    const check = checkApprover(
      active,
      action(),
      { userId: 'u-ps-1', roles: ['production_supervisor'], sites: ['plant-a'] },
      [qe],
      minutesAfterProposal(8 * 60 + 2),
    );
    expect(check).toMatchObject({ allowed: false, reasons: [{ code: 'EXPIRED' }] });
  });
});
