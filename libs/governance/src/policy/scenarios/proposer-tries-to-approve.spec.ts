import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: the proposer tries to approve its own action', () => {
  const { active } = seedPolicies();
  // A human proposed this investigation, and holds the role that could approve it.
  const proposal = action({
    actionType: 'mes.start_investigation',
    riskClass: 'workflow_initiation',
    proposedBy: 'u-qe-1',
  });

  it('does not count the signature and stays pending', () => {
    const result = evaluate(
      active,
      proposal,
      [signature('u-qe-1', ['quality_engineer'], 5)],
      minutesAfterProposal(6),
    );
    expect(result.state).toBe('pending');
    expect(result.counted).toEqual([]);
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toEqual(['PROPOSER_CANNOT_SIGN']);
    expect(result.needed).toEqual(['1 more approver with role quality_engineer']);
  });

  it('tells the API why the proposer may not sign, and lets a colleague sign', () => {
    const signer = { userId: 'u-qe-1', roles: ['quality_engineer' as const], sites: ['plant-a'] };
    const check = checkApprover(active, proposal, signer, [], minutesAfterProposal(6));
    expect(check).toMatchObject({ allowed: false, reasons: [{ code: 'PROPOSER_CANNOT_SIGN' }] });
    const colleague = { ...signer, userId: 'u-qe-2' };
    expect(checkApprover(active, proposal, colleague, [], minutesAfterProposal(6))).toEqual({
      allowed: true,
      needed: ['1 more approver with role quality_engineer'],
    });
  });
});
