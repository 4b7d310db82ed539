import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, sign } from '../../testing/signing-helpers';

describe('the same person cannot be both approvers', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('refuses a second signature by the same user with 403 and keeps waiting', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    await sign(h, 'qe.anna', action.actionId, approval());

    const refused = await failure(
      sign(h, 'qe.anna', action.actionId, approval({ meaning: 'RESPONSIBILITY' })),
    );

    expect(refused.status).toBe(403);
    expect(refused.code).toBe('ALREADY_SIGNED');
    const record = await h.actions.get(action.actionId);
    expect(record?.state).toBe('pending');
    expect(record?.signatures.map((s) => s.userId)).toEqual(['qe.anna']);
  });
});
