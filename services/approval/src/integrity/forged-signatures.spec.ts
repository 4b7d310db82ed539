import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { forgedSignature, tamperWithRecord, violations } from '../testing/insider';
import { proposal } from '../testing/proposals';
import { approval, failure, sign } from '../testing/signing-helpers';

// The attack from the production-trust review: a compromised pod writes two fabricated
// signatures and expiresAtMs 0 into a pending transaction action, hoping the expiry sweep
// settles it from the stored signatures and signs "approved" with the real key.
describe('insider: fabricated signatures and a zero deadline written to the store', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('is never signed: the sweep and a later real signer both refuse it, and the finding is recorded', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    const now = h.clock.now();
    await tamperWithRecord(h, action.actionId, {
      signatures: [
        forgedSignature('qe.anna', 'quality_engineer', now, 'AAAA'),
        forgedSignature('sup.ben', 'production_supervisor', now),
      ],
      expiresAtMs: 0,
    });

    await h.sweeper.sweep();
    const afterSweep = await h.actions.get(action.actionId);
    expect(afterSweep?.state).toBe('pending');
    expect(afterSweep?.decision).toBeUndefined();
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId)).toEqual([]);
    // One finding per forged signature, reported once however often the sweep comes back.
    await h.sweeper.sweep();
    expect(await violations(h, 'SIGNATURE_SEAL_INVALID')).toBe(2);

    // A real person signing on top of the forged record does not turn it into an approval either.
    const refused = await failure(sign(h, 'sup.ben', action.actionId, approval()));
    expect(refused).toMatchObject({ status: 409, code: 'RECORD_TAMPERED' });
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId)).toEqual([]);
  });
});
