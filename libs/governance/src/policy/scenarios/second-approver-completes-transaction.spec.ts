import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: the second approver completes a transaction_execution hold', () => {
  const { active } = seedPolicies();
  const qe = signature('u-qe-1', ['quality_engineer'], 5, { meaning: 'APPROVAL' });
  const ps = signature('u-ps-1', ['production_supervisor'], 12, { meaning: 'RESPONSIBILITY' });

  it('after the first signature it is pending on a production supervisor', () => {
    const result = evaluate(active, action(), [qe], minutesAfterProposal(6));
    expect(result.state).toBe('pending');
    expect(result.needed).toEqual(['1 more approver with role production_supervisor']);
    expect(result.requirements?.signatureMeanings).toEqual([
      ['APPROVAL', 'RESPONSIBILITY'],
      ['APPROVAL', 'APPROVAL'],
    ]);
  });

  it('the second signature approves it, expiring 8h after the proposal', () => {
    const result = evaluate(active, action(), [qe, ps], minutesAfterProposal(13));
    expect(result.state).toBe('approved');
    expect(result.policy).toEqual({ id: 'hold-lot', version: 'v1' });
    expect(result.expiresAt).toBe('2025-06-02T18:00:00.000Z');
    expect(result.counted.map((a) => a.userId)).toEqual(['u-qe-1', 'u-ps-1']);
  });

  it('two quality engineers are not enough: production must co-sign', () => {
    const qe2 = signature('u-qe-2', ['quality_engineer'], 12);
    const result = evaluate(active, action(), [qe, qe2], minutesAfterProposal(13));
    expect(result.state).toBe('pending');
    expect(result.needed).toEqual(['1 more approver with role production_supervisor']);
  });

  it('two RESPONSIBILITY signatures do not satisfy the meaning rule', () => {
    const qeResp = { ...qe, meaning: 'RESPONSIBILITY' as const };
    const result = evaluate(active, action(), [qeResp, ps], minutesAfterProposal(13));
    expect(result.state).toBe('pending');
    expect(result.needed).toEqual(['signature meaning APPROVAL']);
    const review = { ...ps, meaning: 'REVIEW' as const };
    expect(evaluate(active, action(), [qe, review], minutesAfterProposal(13)).needed).toEqual([
      'signature meaning RESPONSIBILITY or APPROVAL',
    ]);
  });
});
