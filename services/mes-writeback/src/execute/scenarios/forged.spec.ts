import { Decision, DecisionOutcome, ExecutionStatus, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

describe('a forged decision', () => {
  const trusted = generateSigningKeyPair();
  const attacker = generateSigningKeyPair();
  let sim: MesSimProcess;
  let harness: WritebackHarness;

  beforeAll(async () => {
    sim = await MesSimProcess.start();
    harness = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [trusted],
    });
  });
  afterAll(async () => {
    await harness?.close();
    await sim?.dispose();
  });

  async function refusalFor(forge: (spec: ReturnType<typeof holdSpec>) => Decision) {
    const spec = holdSpec(new Date());
    await harness.propose(proposalOf(spec));
    await harness.decide(forge(spec));
    const [record] = await harness.recordsFor(spec.actionId);
    expect(await sim.effects(spec.actionId)).toEqual([]);
    expect(await harness.executions.get(spec.actionId)).toBeNull();
    return record;
  }

  it('signed with a key the adapter does not trust is UNKNOWN_KEY', async () => {
    const record = await refusalFor((spec) => signedDecision(spec, attacker));
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.UNKNOWN_KEY,
    });
  });

  it('signed with another key but claiming the trusted key id is BAD_SIGNATURE', async () => {
    const record = await refusalFor((spec) => ({ ...signedDecision(spec, attacker), keyId: trusted.keyId }));
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.BAD_SIGNATURE,
    });
  });

  it('a genuine rejection rewritten to approved is BAD_SIGNATURE', async () => {
    const record = await refusalFor((spec) => ({
      ...signedDecision(spec, trusted, { outcome: 'rejected' }),
      outcome: DecisionOutcome.APPROVED,
    }));
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.BAD_SIGNATURE,
    });
    expect(await harness.metric('andon_writeback_refusals_total', { reason: 'BAD_SIGNATURE' })).toBe(2);
  });

  it('a decision with one approver signature removed is BAD_SIGNATURE', async () => {
    const record = await refusalFor((spec) => {
      const genuine = signedDecision(spec, trusted);
      return { ...genuine, signatures: genuine.signatures.slice(1) };
    });
    expect(record?.refusalReason).toBe(RefusalReason.BAD_SIGNATURE);
  });
});
