import { DecisionOutcome } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, sign, verifyPublished } from '../../testing/signing-helpers';

describe('decision_support: one supervisor approves', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('approves on the first eligible signature and publishes a signed decision bound to the action', async () => {
    const action = proposal('post_shift_log', h.clock.now());
    await h.propose(action);

    const result = await sign(h, 'sup.ben', action.actionId, approval());

    expect(result.record.state).toBe('approved');
    expect(result.requirements).toEqual([]);
    expect(result.decision?.policy).toEqual({ id: 'post-shift-log', version: 'v1' });
    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'decision published',
    });
    expect(decision.outcome).toBe(DecisionOutcome.APPROVED);
    expect(decision.keyId).toBe(h.signingKey.keyId);
    expect(decision.signatures.map((s) => [s.userId, s.printedName, s.role, s.approved])).toEqual([
      ['sup.ben', 'Ben Sutter', 'production_supervisor', true],
    ]);
    expect(decision.signatures[0]?.reauthenticatedAt).toBeInstanceOf(Date);
    expect(verifyPublished(decision, h.signingKey, action)).toEqual({ ok: true, keyId: h.signingKey.keyId });
    expect((await h.actions.get(action.actionId))?.published).toBe(true);

    const metrics = await h.metrics.registry.metrics();
    expect(metrics).toMatch(
      /andon_approval_decisions_total\{outcome="approved",risk_class="decision_support"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /andon_approval_time_to_decision_seconds_count\{[^}]*outcome="approved",risk_class="decision_support"\} 1/,
    );
    expect(metrics).toMatch(/andon_approval_pending_actions\{[^}]*\} 0/);
  });
});
