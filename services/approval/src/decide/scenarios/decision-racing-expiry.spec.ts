import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, sign } from '../../testing/signing-helpers';

describe('a signature racing the expiry sweep', () => {
  let h: ApprovalHarness;
  // Every clock read advances 1 ms, so around the deadline each side may see either side of it.
  beforeAll(async () => (h = await startApprovalHarness({ tickMs: 1 })));
  afterAll(() => h.close());

  it.each([-40, -20, -10, -5, 0, 5])(
    'deadline %d ms away: exactly one outcome, agreeing with the response and the bus',
    async (offsetMs) => {
      const action = proposal('post_shift_log', h.clock.now(), { expiresInMinutes: 10 });
      await h.propose(action);
      const record = await h.actions.get(action.actionId);
      h.clock.set(new Date((record?.expiresAtMs ?? 0) + offsetMs));

      const [signed, swept] = await Promise.allSettled([
        sign(h, 'sup.ben', action.actionId, approval()),
        h.sweeper.sweep(),
      ]);

      expect(swept.status).toBe('fulfilled');
      const final = await h.actions.get(action.actionId);
      expect(['approved', 'expired']).toContain(final?.state);
      if (signed.status === 'fulfilled') {
        expect(final?.state).toBe('approved');
        expect(signed.value.record.state).toBe('approved');
      } else {
        expect(final?.state).toBe('expired');
        expect((signed.reason as { status: number }).status).toBe(409);
      }
      await h.drainDecided('plant-a', 'line-2');
      const decisions = h.decided.forAction(action.actionId);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]?.decisionId).toBe(final?.decision?.decisionId);
    },
  );
});
