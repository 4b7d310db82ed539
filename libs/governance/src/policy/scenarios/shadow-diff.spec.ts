import { must } from '../../test-support/must';
import { compareShadow } from '../compare-shadow';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: shadow mode compares v2 with the active v1', () => {
  const { active, shadow } = seedPolicies();
  const investigation = action({
    actionId: 'act-inv',
    actionType: 'mes.start_investigation',
    riskClass: 'workflow_initiation',
  });
  const hold = action({ actionId: 'act-hold' });

  it('loads v2 as the shadow version', () => {
    expect(shadow?.version).toBe('v2');
    expect(shadow?.digest).not.toBe(active.digest);
  });

  it('reports that a supervisor-approved investigation would pass under v2 but is pending under v1', () => {
    const ps = signature('u-ps-1', ['production_supervisor'], 5);
    const report = compareShadow(
      active,
      must(shadow),
      [
        { action: investigation, approvals: [ps] },
        { action: hold, approvals: [signature('u-qe-1', ['quality_engineer'], 5)] },
      ],
      minutesAfterProposal(6),
    );

    expect(report).toMatchObject({ activeVersion: 'v1', shadowVersion: 'v2', total: 2, differing: 1 });
    const [inv, holdCase] = report.cases;
    expect(inv?.active.state).toBe('pending');
    expect(inv?.shadow.state).toBe('approved');
    expect(inv?.differences).toEqual([
      'state: active pending, shadow approved',
      'roles: active ["quality_engineer"], shadow ["production_supervisor","quality_engineer"]',
      'needed: active ["1 more approver with role quality_engineer"], shadow []',
    ]);
    expect(holdCase?.differences).toEqual([]);
  });

  it('reports requirement differences even before anyone signs', () => {
    const report = compareShadow(
      active,
      must(shadow),
      [{ action: investigation, approvals: [] }],
      minutesAfterProposal(1),
    );
    expect(report.cases[0]?.active.state).toBe('pending');
    expect(report.cases[0]?.shadow.state).toBe('pending');
    expect(report.cases[0]?.differences).toEqual([
      'roles: active ["quality_engineer"], shadow ["production_supervisor","quality_engineer"]',
      'needed: active ["1 more approver with role quality_engineer"], shadow ["1 more approver with role quality_engineer or production_supervisor"]',
    ]);
  });
});
