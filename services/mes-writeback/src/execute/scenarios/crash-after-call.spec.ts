import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionStatus } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { SqliteDocumentStore } from '@andon/persistence';
import { EXECUTIONS_COLLECTION, ExecutionRepository } from '../execution.repository';
import { FaultInjectingStore, InjectedCrash } from '../../testing/fault-injecting-store';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

// The outbox's hard case: the MES applied the hold, then the process died before it could
// record the outcome. The restarted adapter must find the row in `calling` (it looks while it
// starts, before it takes anything new), learn from the MES that the key took effect, and
// record it without a second MES effect.
describe('a crash between the MES call and recording its outcome', () => {
  const key = generateSigningKeyPair();
  let sim: MesSimProcess;
  let dir: string;
  let store: SqliteDocumentStore;

  beforeAll(async () => {
    sim = await MesSimProcess.start();
    dir = mkdtempSync(join(tmpdir(), 'andon-crash-'));
    store = SqliteDocumentStore.open(join(dir, 'writeback.sqlite'));
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await sim?.dispose();
  });

  it('is reconciled on restart from the MES effect, with exactly one effect', async () => {
    const [, , , lot] = await sim.lots('plant-a', 'line-1');
    const spec = holdSpec(new Date(), { lotId: lot?.id ?? 'missing' });
    const crashing = new FaultInjectingStore(store, {
      collection: EXECUTIONS_COLLECTION,
      when: (patch) => patch['state'] === 'succeeded',
    });
    const before = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
      store: crashing,
      owner: 'instance-1',
    });
    await before.propose(proposalOf(spec));
    await expect(before.decide(signedDecision(spec, key))).rejects.toThrow(InjectedCrash);
    await before.close();

    expect(crashing.crashes).toBe(1);
    expect(await sim.effects(spec.actionId)).toHaveLength(1);
    expect(before.records).toEqual([]);
    expect(await (await ExecutionRepository.open(store)).get(spec.actionId)).toMatchObject({
      state: 'calling',
      owner: 'instance-1',
    });
    const after = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
      store,
      owner: 'instance-2',
    });
    try {
      const [record] = await after.recordsFor(spec.actionId);
      expect(record).toMatchObject({ status: ExecutionStatus.EXECUTED, executionId: `exe-${spec.actionId}` });
      expect(record?.mesResponse?.mesRecordId).toBe(spec.lotId);
      expect(await after.executions.get(spec.actionId)).toMatchObject({
        state: 'succeeded',
        published: true,
      });
      expect(await after.metric('andon_writeback_reconciled_total', { result: 'effect_found' })).toBe(1);
      expect(await after.metric('andon_writeback_reconciled_total', { result: 'called_again' })).toBe(0);
      expect(await sim.effects(spec.actionId)).toHaveLength(1);
      expect((await sim.lot(spec.lotId)).holds).toHaveLength(1);

      // A second restart finds nothing left to do.
      await after.reconciler.onStartup();
      expect(await sim.effects(spec.actionId)).toHaveLength(1);
      expect(after.records.filter((r) => r.actionId === spec.actionId)).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});
