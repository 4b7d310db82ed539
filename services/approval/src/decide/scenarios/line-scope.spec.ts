import { DecisionOutcome } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, sign } from '../../testing/signing-helpers';

describe('line scope: sup.ines signs for plant-a/line-1 only', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it('sees a line-2 action of her site but may not sign it; the refusal names the line and nothing is stored', async () => {
    const action = proposal('hold_lot', h.clock.now(), { line: 'line-2' });
    await h.propose(action);
    const ines = await h.principal('sup.ines');
    expect(ines.lines).toEqual(['plant-a/line-1']);

    expect((await h.list.list(ines, {})).map((a) => a.actionId)).toContain(action.actionId);
    const view = await h.getAction.get(ines, action.actionId);
    expect(view.canDecide).toBe(false);
    expect(view.whyNot).toBe('sup.ines is scoped to lines plant-a/line-1, not plant-a/line-2');

    expect(
      await failure(sign(h, 'sup.ines', action.actionId, approval({ meaning: 'RESPONSIBILITY' }))),
    ).toMatchObject({
      status: 403,
      code: 'LINE_OUT_OF_SCOPE',
    });
    expect((await h.actions.get(action.actionId))?.signatures).toEqual([]);
  });

  it('sees only the sites her line scope names, even when the token lists more sites', async () => {
    const other = proposal('hold_lot', h.clock.now(), { site: 'plant-b', line: 'line-3' });
    await h.propose(other);
    const ines = { ...(await h.principal('sup.ines')), sites: ['plant-a', 'plant-b'] };
    expect((await h.list.list(ines, {})).map((a) => a.actionId)).not.toContain(other.actionId);
    expect(await failure(h.getAction.get(ines, other.actionId))).toMatchObject({ status: 404 });
    expect(
      (await h.list.list({ ...ines, lines: ['plant-a/line-1', 'plant-b/*'] }, {})).map((a) => a.actionId),
    ).toContain(other.actionId);
  });

  it('signs a line-1 action as the second approver; her stored signature keeps the line scope she held', async () => {
    const action = proposal('hold_lot', h.clock.now(), { line: 'line-1' });
    await h.propose(action);
    expect((await sign(h, 'qe.anna', action.actionId, approval())).record.state).toBe('pending');
    h.clock.advance(60_000);
    const second = await sign(
      h,
      'sup.ines',
      action.actionId,
      approval({ meaning: 'RESPONSIBILITY', reason: 'line 1 holds the lot' }),
    );
    expect(second.record.state).toBe('approved');
    expect(second.record.signatures.map((s) => [s.userId, s.lines])).toEqual([
      ['qe.anna', undefined],
      ['sup.ines', ['plant-a/line-1']],
    ]);
    const decision = await waitFor(() => h.decided.forAction(action.actionId)[0], {
      description: 'approved decision',
    });
    expect(decision.outcome).toBe(DecisionOutcome.APPROVED);
  });
});
