import { DecisionOutcome } from '@andon/contracts';
import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, sign } from '../../testing/signing-helpers';

describe('the same decision submitted twice (double click, client retry)', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('records one signature and publishes one decision; the duplicate is refused', async () => {
    const action = proposal('post_shift_log', h.clock.now());
    await h.propose(action);

    const results = await Promise.allSettled([
      sign(h, 'sup.ben', action.actionId, approval()),
      sign(h, 'sup.ben', action.actionId, approval()),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { status: number }] : []));
    // 409 when the first already decided it, 403 ALREADY_SIGNED if it were still pending
    expect(refused.map((e) => e.status)).toEqual([409]);
    const record = await h.actions.get(action.actionId);
    expect(record?.signatures.map((s) => s.userId)).toEqual(['sup.ben']);
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId).map((d) => d.outcome)).toEqual([DecisionOutcome.APPROVED]);
  });

  it('on a two-person action the duplicate is refused as already signed and the action keeps waiting', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);

    const results = await Promise.allSettled([
      sign(h, 'qe.anna', action.actionId, approval()),
      sign(h, 'qe.anna', action.actionId, approval()),
    ]);

    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { status: number; code: string }] : [],
    );
    expect(refused.map((e) => [e.status, e.code])).toEqual([[403, 'ALREADY_SIGNED']]);
    const record = await h.actions.get(action.actionId);
    expect(record?.state).toBe('pending');
    expect(record?.signatures.map((s) => s.userId)).toEqual(['qe.anna']);
  });
});
