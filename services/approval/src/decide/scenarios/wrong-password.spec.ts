import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, sign } from '../../testing/signing-helpers';

describe('re-authentication at signing', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('refuses a wrong password with 401 and records nothing', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);

    const refused = await failure(
      sign(h, 'qe.anna', action.actionId, approval({ password: 'not-the-password' })),
    );

    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/re-authentication failed/);
    const record = await h.actions.get(action.actionId);
    expect(record?.signatures).toEqual([]);
    expect(record?.state).toBe('pending');
  });
});
