import { ExecutionStatus, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

describe('an expired decision', () => {
  const key = generateSigningKeyPair();
  let sim: MesSimProcess;
  let harness: WritebackHarness;
  let clock = new Date();

  beforeAll(async () => {
    sim = await MesSimProcess.start();
    harness = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
      now: () => clock,
    });
  });
  afterAll(async () => {
    await harness?.close();
    await sim?.dispose();
  });

  it('is refused once the clock passes its expiresAt, although signature and hash are fine', async () => {
    const start = new Date();
    const spec = holdSpec(start);
    await harness.propose(proposalOf(spec));
    const decision = signedDecision(spec, key, { expiresAt: new Date(start.getTime() + 60_000) });
    clock = new Date(start.getTime() + 61_000);
    await harness.decide(decision);

    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({ status: ExecutionStatus.REFUSED, refusalReason: RefusalReason.EXPIRED });
    expect(record?.detail).toMatch(/^EXPIRED: decision expired at/);
    expect(await sim.effects(spec.actionId)).toEqual([]);
    expect(await harness.executions.get(spec.actionId)).toBeNull();
  });

  it('is refused when the approval service itself expired the action', async () => {
    clock = new Date();
    const spec = holdSpec(clock);
    await harness.propose(proposalOf(spec));
    await harness.decide(signedDecision(spec, key, { outcome: 'expired' }));

    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({ status: ExecutionStatus.REFUSED, refusalReason: RefusalReason.EXPIRED });
    expect(await sim.effects(spec.actionId)).toEqual([]);
  });
});
