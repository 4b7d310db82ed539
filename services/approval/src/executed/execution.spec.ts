import { ExecutionRecord, ExecutionStatus, Topics, locationKey } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { proposal } from '../testing/proposals';
import { approval, sign } from '../testing/signing-helpers';

describe('execution outcomes from mes-writeback', () => {
  let h: ApprovalHarness;
  // The module's ExecutionConsumer runs on the harness's bus (consumer group approval-test-executed).
  beforeAll(async () => (h = await startApprovalHarness({ consumerGroup: 'approval-test' })));
  afterAll(() => h.close());

  const report = (actionId: string, decisionId: string, executionId: string, status: ExecutionStatus) =>
    h.bus.publish([
      {
        topic: Topics.ActionsExecuted,
        key: locationKey({ site: 'plant-a', line: 'line-2' }),
        value: ExecutionRecord.encode(
          ExecutionRecord.fromPartial({
            executionId,
            actionId,
            decisionId,
            status,
            executedAt: new Date(),
            location: { site: 'plant-a', line: 'line-2' },
          }),
        ).finish(),
      },
    ]);

  it('notes an execution of our decision, lists it under "executed", and ignores reports about other decisions', async () => {
    const action = proposal('post_shift_log', h.clock.now());
    await h.propose(action);
    const { decision } = await sign(h, 'sup.ben', action.actionId, approval());
    const ben = await h.principal('sup.ben');

    await report(action.actionId, 'forged-decision-id', 'exec-forged', ExecutionStatus.REFUSED);
    await report(action.actionId, decision?.decisionId ?? '', 'exec-1', ExecutionStatus.EXECUTED);
    await report(action.actionId, decision?.decisionId ?? '', 'exec-2', ExecutionStatus.FAILED);
    const marker = proposal('post_shift_log', h.clock.now());
    await h.propose(marker);
    const { decision: markerDecision } = await sign(h, 'sup.ben', marker.actionId, approval());
    await report(marker.actionId, markerDecision?.decisionId ?? '', 'exec-marker', ExecutionStatus.FAILED);
    await waitFor(async () => (await h.actions.get(marker.actionId))?.execution, {
      description: 'reports consumed',
    });

    const record = await h.actions.get(action.actionId);
    expect(record?.execution).toMatchObject({
      executionId: 'exec-1',
      status: 'executed',
      decisionId: decision?.decisionId,
    });
    const executed = await h.list.list(ben, { state: 'executed' });
    expect(executed.map((a) => a.actionId)).toEqual([action.actionId]);
    expect((await h.getAction.get(ben, marker.actionId)).execution?.status).toBe('failed');
  });
});
