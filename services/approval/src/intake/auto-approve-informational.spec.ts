import { DecisionOutcome } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { proposal } from '../testing/proposals';
import { approval, failure, sign, verifyPublished } from '../testing/signing-helpers';

describe('informational action under an autoApprove rule', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('is auto-approved at intake, still signed by the service and published', async () => {
    const action = proposal('publish_report', h.clock.now());
    const result = await h.propose(action);

    expect(result.record.state).toBe('auto_approved');
    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'auto-approved decision',
    });
    expect(decision.outcome).toBe(DecisionOutcome.AUTO_APPROVED);
    expect(decision.signatures).toEqual([]);
    expect(decision.policyId).toBe('publish-report');
    expect(verifyPublished(decision, h.signingKey, action).ok).toBe(true);
    expect(await failure(sign(h, 'plan.finn', action.actionId, approval()))).toMatchObject({ status: 409 });
  });

  it('fails closed: an action no rule covers is rejected at intake with a signed decision', async () => {
    const action = proposal('unknown_type', h.clock.now());
    const result = await h.propose(action);

    expect(result.record.state).toBe('rejected');
    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'rejected decision',
    });
    expect(decision.outcome).toBe(DecisionOutcome.REJECTED);
    expect(decision.policyId).toBe('no-matching-rule');
    expect(verifyPublished(decision, h.signingKey, action).ok).toBe(true);
  });
});
