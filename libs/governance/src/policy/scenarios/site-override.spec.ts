import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: plant-b line-3 overrides the work-order rule', () => {
  const { active } = seedPolicies();
  const workOrder = (site: string, line: string) =>
    action({
      actionType: 'mes.create_work_order',
      riskClass: 'workflow_initiation',
      site,
      line,
      proposedBy: 'agent:maintenance',
    });
  const planner = signature('u-mp-1', ['maintenance_planner'], 4, { reason: 'bearing replacement overdue' });
  const supervisor = signature('u-ps-1', ['production_supervisor'], 9, { reason: 'line 3 slot after CIP' });

  it('on plant-b line-3 one planner is not enough', () => {
    const result = evaluate(active, workOrder('plant-b', 'line-3'), [planner], minutesAfterProposal(5));
    expect(result.policy?.id).toBe('create-work-order-plant-b-line-3');
    expect(result.state).toBe('pending');
    expect(result.needed).toEqual(['1 more approver with role production_supervisor']);
    expect(
      evaluate(active, workOrder('plant-b', 'line-3'), [planner, supervisor], minutesAfterProposal(10)).state,
    ).toBe('approved');
  });

  it('the override does not reach other lines or sites', () => {
    for (const [site, line] of [
      ['plant-b', 'line-2'],
      ['plant-a', 'line-3'],
    ] as const) {
      const result = evaluate(active, workOrder(site, line), [planner], minutesAfterProposal(5));
      expect(result.policy?.id).toBe('create-work-order');
      expect(result.state).toBe('approved');
    }
  });
});
