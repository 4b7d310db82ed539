import { ExecutionStatus, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

describe('a rejected decision', () => {
  const key = generateSigningKeyPair();
  let sim: MesSimProcess;
  let harness: WritebackHarness;

  beforeAll(async () => {
    sim = await MesSimProcess.start();
    harness = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
    });
  });
  afterAll(async () => {
    await harness?.close();
    await sim?.dispose();
  });

  it('is validly signed, yet nothing reaches the MES and the refusal says NOT_APPROVED', async () => {
    const spec = holdSpec(new Date());
    await harness.propose(proposalOf(spec));
    await harness.decide(signedDecision(spec, key, { outcome: 'rejected' }));

    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.NOT_APPROVED,
    });
    expect(record?.detail).toMatch(/^NOT_APPROVED: decision outcome is rejected/);
    expect(await sim.effects(spec.actionId)).toEqual([]);
    expect((await sim.lot(spec.lotId)).status).toBe('released');
    expect(await harness.executions.get(spec.actionId)).toBeNull();
    expect(await harness.metric('andon_writeback_refusals_total', { reason: 'NOT_APPROVED' })).toBe(1);
  });
});
