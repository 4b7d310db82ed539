import { ExecutionStatus, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

describe('a replayed decision', () => {
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

  it('executes once; the same record again, the decision re-published and a second approval are each REPLAYED', async () => {
    const [, , lot] = await sim.lots('plant-a', 'line-1');
    const spec = holdSpec(new Date(), { lotId: lot?.id ?? 'missing' });
    const decision = signedDecision(spec, key);
    await harness.propose(proposalOf(spec));
    const first = harness.nextSource();
    await harness.decide(decision, first);
    await harness.recordsFor(spec.actionId, 1);

    await harness.decide(decision, first); // the same Kafka record delivered again
    await harness.decide(decision); // the old decision published again (new offset)
    await harness.decide(signedDecision(spec, key)); // a second, genuine approval of the same action

    const records = await harness.recordsFor(spec.actionId, 4);
    expect(records.map((r) => r.status)).toEqual([
      ExecutionStatus.EXECUTED,
      ExecutionStatus.REFUSED,
      ExecutionStatus.REFUSED,
      ExecutionStatus.REFUSED,
    ]);
    expect(records.slice(1).map((r) => r.refusalReason)).toEqual([
      RefusalReason.REPLAYED,
      RefusalReason.REPLAYED,
      RefusalReason.REPLAYED,
    ]);
    // The redelivered record and the re-published one are different attempts, recorded apart.
    expect(new Set(records.map((r) => r.executionId)).size).toBe(4);
    expect(await sim.effects(spec.actionId)).toHaveLength(1);
    expect((await sim.lot(spec.lotId)).holds).toHaveLength(1);
  });
});
