import { ExecutionStatus, ProposedAction, RefusalReason } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { ACTIONS_COLLECTION, type StoredAction } from '../../intake/action.repository';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdPayloadJson, holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

describe('an action edited after approval', () => {
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

  async function expectHashMismatch(actionId: string, lotIds: string[]) {
    const [record] = await harness.recordsFor(actionId);
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.HASH_MISMATCH,
    });
    expect(await sim.effects(actionId)).toEqual([]);
    for (const lotId of lotIds) expect((await sim.lot(lotId)).status).toBe('released');
  }

  it('is refused when only the edited version reached the adapter (another lot)', async () => {
    const spec = holdSpec(new Date(), { lotId: 'LOT-A1-00002' });
    await harness.propose(proposalOf({ ...spec, lotId: 'LOT-A1-00003' }));
    await harness.decide(signedDecision(spec, key));
    await expectHashMismatch(spec.actionId, ['LOT-A1-00002', 'LOT-A1-00003']);
  });

  it('is refused when an edited version was re-proposed under the same id', async () => {
    const spec = holdSpec(new Date(), { lotId: 'LOT-A1-00004' });
    await harness.propose(proposalOf(spec));
    await harness.propose(proposalOf(spec, holdPayloadJson({ ...spec, reason: 'routine' })));
    await harness.decide(signedDecision(spec, key));
    await expectHashMismatch(spec.actionId, ['LOT-A1-00004']);
  });

  it("is refused when the adapter's stored copy was edited in the database", async () => {
    const [approvedLot, otherLot] = (await sim.lots('plant-a', 'line-2')).map((l) => l.id);
    const spec = holdSpec(new Date(), { lotId: approvedLot ?? 'missing', line: 'line-2' });
    await harness.propose(proposalOf(spec));
    const docs = await harness.store.collection<StoredAction>(ACTIONS_COLLECTION);
    const stored = await docs.get(spec.actionId);
    const edited = proposalOf({ ...spec, lotId: otherLot ?? 'missing' });
    expect(
      await docs.compareAndSet(spec.actionId, stored?.version ?? 0, {
        proposalBase64: Buffer.from(ProposedAction.encode(edited).finish()).toString('base64'),
      }),
    ).not.toBeNull();

    await harness.decide(signedDecision(spec, key));
    await expectHashMismatch(spec.actionId, [spec.lotId, otherLot ?? 'missing']);
  });
});
