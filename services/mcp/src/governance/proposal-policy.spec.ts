import { join, resolve } from 'node:path';
import { ProposalPolicy } from './proposal-policy';

const policy = ProposalPolicy.load(join(resolve(__dirname, '../../../..'), 'policies'));
const now = new Date('2026-12-06T10:00:00Z');
const action = (actionType: string, site = 'plant-a', line = 'line-1') => ({
  actionId: 'a-1',
  actionType,
  site,
  line,
  product: '',
  proposedBy: 'qe.anna',
  proposedAt: now.toISOString(),
  expiresAt: new Date(now.getTime() + 8 * 3_600_000).toISOString(),
});

describe('ProposalPolicy: the risk class comes from the policy files', () => {
  it('a lot hold is a two-person transaction', () => {
    const r = policy.lookup(action('mes.hold_lot'), now);
    expect(r).toMatchObject({
      ok: true,
      preview: {
        riskClass: 'transaction_execution',
        approvers: 2,
        roles: ['quality_engineer', 'production_supervisor'],
      },
    });
  });

  it('a work order on the sterile line needs the stricter site/line rule', () => {
    const r = policy.lookup(action('mes.create_work_order', 'plant-b', 'line-3'), now);
    expect(r).toMatchObject({
      ok: true,
      preview: {
        riskClass: 'workflow_initiation',
        approvers: 2,
        rule: { id: 'create-work-order-plant-b-line-3' },
      },
    });
  });

  it('an action type no rule covers cannot be proposed', () => {
    expect(policy.lookup(action('mes.delete_everything'), now)).toMatchObject({
      ok: false,
      code: 'NO_POLICY',
    });
  });

  it('operators sign nothing; supervisors and quality engineers do', () => {
    const roles = policy.signingRoles();
    expect(roles.has('operator')).toBe(false);
    expect(roles.has('quality_engineer') && roles.has('production_supervisor')).toBe(true);
  });
});
