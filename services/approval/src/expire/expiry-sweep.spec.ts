import { DecisionOutcome } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { proposal } from '../testing/proposals';
import { approval, failure, sign, verifyPublished } from '../testing/signing-helpers';

describe('expiry sweep', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('expires a pending action past its deadline with a signed expired decision, once', async () => {
    const action = proposal('hold_lot', h.clock.now(), { expiresInMinutes: 30 });
    await h.propose(action);
    await sign(h, 'qe.anna', action.actionId, approval());

    expect(await h.sweeper.sweep()).toEqual({ expired: 0, republished: 0 });
    expect((await h.actions.get(action.actionId))?.state).toBe('pending');

    h.clock.advance(31 * 60_000);
    expect((await h.sweeper.sweep()).expired).toBe(1);
    expect((await h.sweeper.sweep()).expired).toBe(0);

    const record = await h.actions.get(action.actionId);
    expect(record?.state).toBe('expired');
    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'expired decision',
    });
    expect(decision.outcome).toBe(DecisionOutcome.EXPIRED);
    // the signature collected before expiry is part of the record
    expect(decision.signatures.map((s) => s.userId)).toEqual(['qe.anna']);
    expect(verifyPublished(decision, h.signingKey, action).ok).toBe(true);
    expect(await failure(sign(h, 'sup.ben', action.actionId, approval()))).toMatchObject({ status: 409 });
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId)).toHaveLength(1);
  });

  it('uses the policy deadline when it is earlier than the action expiry', async () => {
    // post-shift-log expires PT12H after proposal; the action asks for 2 days
    const action = proposal('post_shift_log', h.clock.now(), { expiresInMinutes: 48 * 60 });
    await h.propose(action);
    h.clock.advance(12 * 60 * 60_000);
    await h.sweeper.sweep();
    expect((await h.actions.get(action.actionId))?.state).toBe('expired');
  });
});
