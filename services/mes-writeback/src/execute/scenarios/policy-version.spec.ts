import { ExecutionStatus, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

describe('a decision made under a policy version the adapter does not accept', () => {
  const key = generateSigningKeyPair();
  let sim: MesSimProcess;

  beforeAll(async () => {
    sim = await MesSimProcess.start();
  });
  afterAll(async () => {
    await sim?.dispose();
  });

  it('is refused (POLICY_VERSION) until the version is accepted', async () => {
    const strict = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
      config: { WRITEBACK_ACCEPTED_POLICY_VERSIONS: ['v1'] },
    });
    const [lot] = await sim.lots('plant-b', 'line-3');
    const spec = holdSpec(new Date(), { site: 'plant-b', line: 'line-3', lotId: lot?.id ?? 'missing' });
    try {
      await strict.propose(proposalOf(spec));
      await strict.decide(signedDecision(spec, key, { policyVersion: 'v2' }));
      const [record] = await strict.recordsFor(spec.actionId);
      expect(record).toMatchObject({
        status: ExecutionStatus.REFUSED,
        refusalReason: RefusalReason.POLICY_VERSION,
      });
      expect(record?.detail).toMatch(/^POLICY_VERSION: decided under policy hold-lot@v2/);
      expect(await sim.effects(spec.actionId)).toEqual([]);
    } finally {
      await strict.close();
    }

    const widened = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
      config: { WRITEBACK_ACCEPTED_POLICY_VERSIONS: ['v1', 'v2'] },
    });
    try {
      await widened.propose(proposalOf(spec));
      await widened.decide(signedDecision(spec, key, { policyVersion: 'v2' }));
      const [record] = await widened.recordsFor(spec.actionId);
      expect(record?.status).toBe(ExecutionStatus.EXECUTED);
      expect(await sim.effects(spec.actionId)).toHaveLength(1);
    } finally {
      await widened.close();
    }
  });
});
