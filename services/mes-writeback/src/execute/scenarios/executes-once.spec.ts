import { ExecutionStatus } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

// The positive control for every refusal scenario: a genuine, two-signature hold
// decision changes the simulated MES exactly once and is reported as EXECUTED.
describe('a genuine approved decision', () => {
  const key = generateSigningKeyPair();
  let sim: MesSimProcess;
  let harness: WritebackHarness;

  beforeAll(async () => {
    sim = await MesSimProcess.start();
  });
  afterAll(async () => {
    await sim?.dispose();
  });
  beforeEach(async () => {
    harness = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
    });
  });
  afterEach(async () => {
    await harness.close();
  });

  it('holds the lot once and publishes EXECUTED with the MES response', async () => {
    const [lot] = await sim.lots('plant-a', 'line-1');
    const spec = holdSpec(new Date(), { lotId: lot?.id ?? 'missing' });
    await harness.propose(proposalOf(spec));
    await harness.decide(signedDecision(spec, key));

    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({
      status: ExecutionStatus.EXECUTED,
      actionId: spec.actionId,
      executionId: `exe-${spec.actionId}`,
    });
    expect(record?.mesResponse?.mesRecordId).toBe(spec.lotId);
    expect(await sim.effects(spec.actionId)).toHaveLength(1);
    const held = await sim.lot(spec.lotId);
    expect(held.status).toBe('held');
    expect(held.holds).toEqual([expect.objectContaining({ actionId: spec.actionId, reason: spec.reason })]);
    expect(await harness.executions.get(spec.actionId)).toMatchObject({
      state: 'succeeded',
      published: true,
      idempotencyKey: `andon-${spec.actionId}`,
    });
  });

  it('executes a decision that arrived before its action once the action arrives', async () => {
    const [, lot] = await sim.lots('plant-a', 'line-1');
    const spec = holdSpec(new Date(), { lotId: lot?.id ?? 'missing' });
    await harness.decide(signedDecision(spec, key));
    expect(await sim.effects(spec.actionId)).toHaveLength(0);
    expect(await harness.metric('andon_writeback_parked_decisions_total')).toBe(1);

    await harness.propose(proposalOf(spec));
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record?.status).toBe(ExecutionStatus.EXECUTED);
    expect(await sim.effects(spec.actionId)).toHaveLength(1);
  });
});
