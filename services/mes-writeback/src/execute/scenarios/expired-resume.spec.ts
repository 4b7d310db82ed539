import { ExecutionStatus, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { callOf, idempotencyKeyOf } from '../decision-executor';
import { EXECUTIONS_COLLECTION, type ExecutionDoc } from '../execution.repository';
import { ScriptedMesServer } from '../../testing/scripted-mes-server';
import { holdSpec, proposalOf, type HoldSpec } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

/*
 * A process began the execution row (the approval was valid then) and died before the MES
 * call; the action is resumed only after the approval ran out. The row carries its expiry,
 * so the resume never calls: EXPIRED, unless the MES says an earlier attempt landed.
 */
describe('an execution resumed after its approval expired', () => {
  const key = generateSigningKeyPair();
  const start = new Date();
  let clock = start;
  let mes: ScriptedMesServer;
  let harness: WritebackHarness;

  beforeEach(async () => {
    clock = start;
    mes = await ScriptedMesServer.start();
    harness = await WritebackHarness.create({
      mes: restMes(mes.baseUrl),
      trusted: [key],
      now: () => clock,
      owner: 'instance-2',
    });
  });
  afterEach(async () => {
    await harness.close();
    await mes.close();
  });

  /** The row a dead instance left: begun at `start`, approval valid for one more minute. */
  async function begunByADeadInstance(spec: HoldSpec, expiresAt: Date | null): Promise<void> {
    await harness.propose(proposalOf(spec));
    const rows = await harness.store.collection<ExecutionDoc>(EXECUTIONS_COLLECTION);
    const inserted = await rows.insert({
      _id: spec.actionId,
      actionId: spec.actionId,
      decisionId: `dec-${spec.actionId}`,
      site: spec.site,
      correlationId: spec.correlationId,
      idempotencyKey: idempotencyKeyOf(spec.actionId),
      state: 'calling',
      call: callOf(proposalOf(spec)),
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
      owner: 'instance-1',
      leaseUntil: start.getTime() + 1_000,
      response: null,
      error: '',
      recordBase64: '',
      published: false,
      createdAt: start.toISOString(),
      updatedAt: start.toISOString(),
    });
    expect(inserted).toBe('inserted');
  }

  it('records EXPIRED and never sends the call', async () => {
    const spec = holdSpec(start);
    await begunByADeadInstance(spec, new Date(start.getTime() + 60_000));
    clock = new Date(start.getTime() + 3 * 86_400_000);
    await harness.reconciler.onStartup();

    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.EXPIRED,
      executionId: `exe-${spec.actionId}`,
    });
    expect(record?.detail).toMatch(/^EXPIRED: the approval expired at .*; the MES was not called$/);
    expect(mes.writes()).toEqual([]);
    // It only asked, read-only, whether the dead instance's call had landed.
    expect(mes.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /effects/andon-${spec.actionId}`]);
    expect(await harness.executions.get(spec.actionId)).toMatchObject({
      state: 'expired',
      published: true,
    });
    expect(await harness.metric('andon_writeback_reconciled_total', { result: 'expired' })).toBe(1);
  });

  it('still calls when resumed before the expiry stored with the row', async () => {
    const spec = holdSpec(start);
    await begunByADeadInstance(spec, new Date(start.getTime() + 60_000));
    clock = new Date(start.getTime() + 30_000);
    await harness.reconciler.onStartup();
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record?.status).toBe(ExecutionStatus.EXECUTED);
    expect(mes.writes()).toHaveLength(1);
  });

  it('records what happened when the call of the dead instance had landed', async () => {
    const spec = holdSpec(start);
    await begunByADeadInstance(spec, new Date(start.getTime() + 60_000));
    mes.apply(idempotencyKeyOf(spec.actionId), { response: { lotId: spec.lotId } });
    clock = new Date(start.getTime() + 86_400_000);
    await harness.reconciler.onStartup();
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({
      status: ExecutionStatus.EXECUTED,
      mesResponse: { mesRecordId: spec.lotId },
    });
    expect(mes.writes()).toEqual([]);
  });

  it('treats a row without a recorded expiry as expired', async () => {
    const spec = holdSpec(start);
    await begunByADeadInstance(spec, null);
    await harness.reconciler.onStartup();
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({ status: ExecutionStatus.REFUSED, refusalReason: RefusalReason.EXPIRED });
    expect(record?.detail).toContain('carries no expiry');
    expect(mes.writes()).toEqual([]);
  });

  it('is UNKNOWN, not EXPIRED or FAILED, while the MES cannot say whether the earlier call landed; settled once it can', async () => {
    const spec = holdSpec(start);
    await begunByADeadInstance(spec, new Date(start.getTime() + 60_000));
    clock = new Date(start.getTime() + 86_400_000);
    // Start-up asks twice (settling the row, then the unknown rows), the first sweep once more.
    mes.failEffectLookups(3);
    await harness.reconciler.onStartup();
    expect(await harness.executions.get(spec.actionId)).toMatchObject({
      state: 'unknown',
      published: false,
      unsent: true,
    });
    expect(await harness.metric('andon_writeback_unknown_outcomes_total')).toBe(1);
    // A sweep while the MES still cannot answer leaves it unknown and publishes nothing.
    await harness.reconciler.sweep();
    expect(await harness.executions.get(spec.actionId)).toMatchObject({ state: 'unknown' });
    expect(harness.records.filter((r) => r.actionId === spec.actionId)).toEqual([]);

    await harness.reconciler.sweep();
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({ status: ExecutionStatus.REFUSED, refusalReason: RefusalReason.EXPIRED });
    expect(await harness.executions.get(spec.actionId)).toMatchObject({
      state: 'expired',
      published: true,
    });
    expect(mes.writes()).toEqual([]);
  });
});
