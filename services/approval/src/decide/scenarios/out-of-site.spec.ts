import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, sign } from '../../testing/signing-helpers';

describe('site scope: a plant-a engineer and a plant-b action', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('cannot list, read or sign it, while a plant-b engineer can', async () => {
    const action = proposal('hold_lot', h.clock.now(), { site: 'plant-b', line: 'line-3' });
    await h.propose(action);
    const anna = await h.principal('qe.anna');

    expect((await h.list.list(anna, {})).map((a) => a.actionId)).not.toContain(action.actionId);
    expect(await failure(h.list.list(anna, { site: 'plant-b' }))).toMatchObject({ status: 403 });
    expect(await failure(h.getAction.get(anna, action.actionId))).toMatchObject({ status: 404 });
    expect(await failure(sign(h, 'qe.anna', action.actionId, approval()))).toMatchObject({
      status: 403,
      code: 'SITE_OUT_OF_SCOPE',
    });

    const carla = await h.principal('qe.carla');
    expect((await h.list.list(carla, {})).map((a) => a.actionId)).toContain(action.actionId);
    expect((await h.getAction.get(carla, action.actionId)).canDecide).toBe(true);
    expect((await h.actions.get(action.actionId))?.signatures).toEqual([]);
  });
});
