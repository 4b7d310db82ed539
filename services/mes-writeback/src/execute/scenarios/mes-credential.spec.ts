import { ExecutionStatus } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

// The simulated MES wants a credential like a real MES: without MES_API_TOKEN even a
// genuine approved decision changes nothing, and the refusal is reported, not retried.
describe('the MES credential', () => {
  const key = generateSigningKeyPair();
  let sim: MesSimProcess;

  beforeAll(async () => {
    sim = await MesSimProcess.start();
  });
  afterAll(async () => {
    await sim?.dispose();
  });

  it('the simulated MES refuses anonymous and wrong-token callers on every route', async () => {
    for (const path of ['/plant', '/lots?site=plant-a&line=line-1', '/effects']) {
      expect((await fetch(`${sim.baseUrl}${path}`)).status).toBe(401);
      expect(
        (
          await fetch(`${sim.baseUrl}${path}`, {
            headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' },
          })
        ).status,
      ).toBe(401);
    }
    const hold = await fetch(`${sim.baseUrl}/lots/LOT-A1-00001/hold`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-anon' },
      body: '{"actionId":"x","reason":"y"}',
    });
    expect(hold.status).toBe(401);
  });

  it('write-back without the credential changes nothing and reports FAILED; with it the hold happens once', async () => {
    const [lot] = await sim.lots('plant-a', 'line-1');
    const spec = holdSpec(new Date(), { lotId: lot?.id ?? 'missing' });
    const anonymous = await WritebackHarness.create({ mes: restMes(sim.baseUrl), trusted: [key] });
    try {
      await anonymous.propose(proposalOf(spec));
      await anonymous.decide(signedDecision(spec, key));
      const [refused] = await anonymous.recordsFor(spec.actionId);
      expect(refused?.status).toBe(ExecutionStatus.FAILED);
      expect(await sim.effects(spec.actionId)).toHaveLength(0);
      expect((await sim.lot(spec.lotId)).status).not.toBe('held');
    } finally {
      await anonymous.close();
    }

    const next = holdSpec(new Date(), { lotId: lot?.id ?? 'missing' });
    const authenticated = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
    });
    try {
      await authenticated.propose(proposalOf(next));
      await authenticated.decide(signedDecision(next, key));
      const [record] = await authenticated.recordsFor(next.actionId);
      expect(record?.status).toBe(ExecutionStatus.EXECUTED);
      expect(await sim.effects(next.actionId)).toHaveLength(1);
    } finally {
      await authenticated.close();
    }
  });
});
