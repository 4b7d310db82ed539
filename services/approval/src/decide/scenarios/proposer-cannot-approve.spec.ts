import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, sign } from '../../testing/signing-helpers';

describe('separation of duties: the proposer never approves', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('refuses the proposer with 403 even though they hold the required role and site', async () => {
    const action = proposal('post_shift_log', h.clock.now(), { proposedBy: 'sup.ben' });
    await h.propose(action);

    const view = await h.getAction.get(await h.principal('sup.ben'), action.actionId);
    expect(view.canDecide).toBe(false);
    expect(view.whyNot).toMatch(/proposed this action/);

    const refused = await failure(sign(h, 'sup.ben', action.actionId, approval()));
    expect(refused).toMatchObject({ status: 403, code: 'PROPOSER_CANNOT_SIGN' });
    expect((await h.actions.get(action.actionId))?.signatures).toEqual([]);
  });
});
