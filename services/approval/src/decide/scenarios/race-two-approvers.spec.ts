import { DecisionOutcome } from '@andon/contracts';
import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, rejection, sign } from '../../testing/signing-helpers';

describe('two approvers at the same moment', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('single-signature action: exactly one approval stands and one decision is published', async () => {
    const action = proposal('post_shift_log', h.clock.now());
    await h.propose(action);

    const results = await Promise.allSettled([
      sign(h, 'sup.ben', action.actionId, approval()),
      sign(h, 'sup.bea', action.actionId, approval()),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { status: number }] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.status)).toEqual([409]);
    const record = await h.actions.get(action.actionId);
    expect(record?.state).toBe('approved');
    expect(record?.signatures).toHaveLength(1);
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId).map((d) => d.outcome)).toEqual([DecisionOutcome.APPROVED]);
  });

  it('two-signature action: both signatures land (one after the other) and one approval is published', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);

    await Promise.all([
      sign(h, 'qe.anna', action.actionId, approval()),
      sign(h, 'sup.ben', action.actionId, approval({ meaning: 'RESPONSIBILITY' })),
    ]);

    const record = await h.actions.get(action.actionId);
    expect(record?.state).toBe('approved');
    expect(record?.signatures.map((s) => s.userId).sort()).toEqual(['qe.anna', 'sup.ben']);
    await h.drainDecided('plant-a', 'line-2');
    const decisions = h.decided.forAction(action.actionId);
    expect(decisions.map((d) => d.outcome)).toEqual([DecisionOutcome.APPROVED]);
    expect(decisions[0]?.signatures).toHaveLength(2);
  });

  it('approve racing reject: one outcome stands and matches the one published decision', async () => {
    const action = proposal('post_shift_log', h.clock.now());
    await h.propose(action);

    const results = await Promise.allSettled([
      sign(h, 'sup.ben', action.actionId, approval()),
      sign(h, 'sup.bea', action.actionId, rejection()),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const record = await h.actions.get(action.actionId);
    expect(['approved', 'rejected']).toContain(record?.state);
    await h.drainDecided('plant-a', 'line-2');
    const decisions = h.decided.forAction(action.actionId);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.decisionId).toBe(record?.decision?.decisionId);
  });
});
