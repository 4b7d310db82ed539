import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: a signer without a permitted role', () => {
  const { active } = seedPolicies();
  const workOrder = action({
    actionType: 'mes.create_work_order',
    riskClass: 'workflow_initiation',
    proposedBy: 'agent:maintenance',
  });

  it('an operator signature does not count toward a work order', () => {
    const result = evaluate(
      active,
      workOrder,
      [signature('u-op-1', ['operator'], 3)],
      minutesAfterProposal(4),
    );
    expect(result.state).toBe('pending');
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toEqual(['ROLE_NOT_PERMITTED']);
    expect(result.reasons.join('\n')).toMatch(
      /operator may not sign this action \(allowed: maintenance_planner\)/,
    );
  });

  it('a signature in a role the signer does not hold does not count', () => {
    const impostor = signature('u-op-2', ['operator'], 3, { role: 'maintenance_planner' });
    const result = evaluate(active, workOrder, [impostor], minutesAfterProposal(4));
    expect(result.state).toBe('pending');
    expect(result.ignored[0]?.reasons.map((r) => r.code)).toEqual(['ROLE_NOT_HELD']);
  });

  it('admin is not an approving role unless the policy says so', () => {
    const check = checkApprover(
      active,
      workOrder,
      { userId: 'u-admin', roles: ['admin', 'plant_manager'], sites: ['*'] },
      [],
      minutesAfterProposal(4),
    );
    expect(check).toMatchObject({ allowed: false, reasons: [{ code: 'ROLE_NOT_PERMITTED' }] });
    const asPlanner = checkApprover(
      active,
      workOrder,
      { userId: 'u-admin', roles: ['admin'], sites: ['*'] },
      [],
      minutesAfterProposal(4),
      'maintenance_planner',
    );
    expect(asPlanner).toMatchObject({ allowed: false, reasons: [{ code: 'ROLE_NOT_HELD' }] });
  });

  it('the maintenance planner completes it', () => {
    const result = evaluate(
      active,
      workOrder,
      [signature('u-mp-1', ['maintenance_planner'], 3)],
      minutesAfterProposal(4),
    );
    expect(result.state).toBe('approved');
  });
});
