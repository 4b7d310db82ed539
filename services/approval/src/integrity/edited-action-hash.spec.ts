import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { tamperWithRecord, violations } from '../testing/insider';
import { proposal } from '../testing/proposals';
import { approval, failure, sign } from '../testing/signing-helpers';

// An insider swaps the MES payload of a pending action for another lot and rewrites the
// stored action hash to match, so real approvers would sign something they never saw.
describe('insider: the stored proposal and its hash rewritten', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('refuses to sign the decision and records the tampering', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    const record = await h.actions.get(action.actionId);
    if (!record) throw new Error('proposal not stored');
    const mesCall = (record.proposal['mesCall'] ?? {}) as Record<string, unknown>;
    const edited = {
      ...record.proposal,
      mesCall: {
        ...mesCall,
        payloadJson: String(mesCall['payloadJson']).replace(/LOT-[A-Z0-9-]+/, 'LOT-SHIP-ME'),
      },
    };
    await tamperWithRecord(h, action.actionId, { proposal: edited, actionHash: 'f'.repeat(64) });

    await sign(h, 'qe.anna', action.actionId, approval());
    const refused = await failure(
      sign(h, 'sup.ben', action.actionId, approval({ meaning: 'RESPONSIBILITY' })),
    );
    expect(refused).toMatchObject({ status: 409, code: 'RECORD_TAMPERED' });
    expect(refused.message).toMatch(/ACTION_HASH_MISMATCH/);
    expect(refused.message).toMatch(/INTAKE_SEAL_INVALID/);
    await h.drainDecided('plant-a', 'line-2');
    expect(h.decided.forAction(action.actionId)).toEqual([]);
    expect(await violations(h, 'ACTION_HASH_MISMATCH')).toBe(1);
    expect(await violations(h, 'INTAKE_SEAL_INVALID')).toBe(1);
  });

  it('still signs an untouched action (the seals verify)', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    await sign(h, 'qe.anna', action.actionId, approval());
    const done = await sign(h, 'sup.ben', action.actionId, approval({ meaning: 'RESPONSIBILITY' }));
    expect(done.record.state).toBe('approved');
  });
});
