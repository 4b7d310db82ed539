import { DecisionOutcome } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, rejection, sign, verifyPublished } from '../../testing/signing-helpers';

describe('one eligible rejection rejects', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('rejects a two-person action on the first rejection and publishes a signed rejection', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);

    const result = await sign(h, 'sup.ben', action.actionId, rejection());

    expect(result.record.state).toBe('rejected');
    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'rejected decision',
    });
    expect(decision.outcome).toBe(DecisionOutcome.REJECTED);
    expect(decision.signatures.map((s) => [s.userId, s.approved, s.reason])).toEqual([
      ['sup.ben', false, 'lot already shipped; recall path instead'],
    ]);
    expect(verifyPublished(decision, h.signingKey, action).ok).toBe(true);
    expect(await failure(sign(h, 'qe.anna', action.actionId, approval()))).toMatchObject({
      status: 409,
      code: 'ALREADY_DECIDED',
    });
  });
});
