import { DecisionOutcome } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, sign, verifyPublished } from '../../testing/signing-helpers';

describe('transaction_execution: quality engineer, then supervisor', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('waits for the second approver, then approves with both e-signatures', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);

    const first = await sign(h, 'qe.anna', action.actionId, approval());
    expect(first.record.state).toBe('pending');
    expect(first.requirements).toEqual(['awaits 1 more approver with role production_supervisor']);
    expect(first.decision).toBeNull();
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId)).toEqual([]);

    h.clock.advance(60_000);
    const second = await sign(
      h,
      'sup.ben',
      action.actionId,
      approval({ meaning: 'RESPONSIBILITY', reason: 'line 2 can absorb the hold' }),
    );
    expect(second.record.state).toBe('approved');

    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'approved decision',
    });
    expect(decision.outcome).toBe(DecisionOutcome.APPROVED);
    expect(decision.policyId).toBe('hold-lot');
    expect(decision.signatures.map((s) => [s.userId, s.role])).toEqual([
      ['qe.anna', 'quality_engineer'],
      ['sup.ben', 'production_supervisor'],
    ]);
    expect(decision.actionHash).toBe(second.record.actionHash);
    expect(verifyPublished(decision, h.signingKey, action).ok).toBe(true);
  });
});
