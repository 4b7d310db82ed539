import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionStatus } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { SqliteDocumentStore } from '@andon/persistence';
import type { MesCallRequest, MesExecution, MesPort, MesResponseData } from '../../mes/mes.port';
import { InjectedCrash } from '../../testing/fault-injecting-store';
import { MesSimProcess } from '../../testing/mes-sim-process';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

/** Fault injection on the real REST adapter: the process "dies" just before its first real request. */
class DiesBeforeSending implements MesPort {
  constructor(private readonly inner: MesPort) {}
  execute(call: MesCallRequest, key: string, options: { dryRun: boolean }): Promise<MesExecution> {
    if (!options.dryRun) return Promise.reject(new InjectedCrash('before the MES request'));
    return this.inner.execute(call, key, options);
  }
  effect(call: MesCallRequest, key: string): Promise<MesResponseData | null> {
    return this.inner.effect(call, key);
  }
}

describe('a crash after the outbox row, before the MES call', () => {
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

  it('is completed on restart by calling again with the same idempotency key', async () => {
    const [lot] = await sim.lots('plant-b', 'line-4');
    const spec = holdSpec(new Date(), { site: 'plant-b', line: 'line-4', lotId: lot?.id ?? 'missing' });
    const before = await WritebackHarness.create({
      mes: new DiesBeforeSending(restMes(sim.baseUrl, { token: sim.token })),
      trusted: [key],
      store,
      owner: 'instance-1',
    });
    await before.propose(proposalOf(spec));
    await expect(before.decide(signedDecision(spec, key))).rejects.toThrow(InjectedCrash);
    await before.close();
    expect(await sim.effects(spec.actionId)).toEqual([]);

    const after = await WritebackHarness.create({
      mes: restMes(sim.baseUrl, { token: sim.token }),
      trusted: [key],
      store,
      owner: 'instance-2',
    });
    try {
      // Starting settled the row: the module reconciles before it takes anything new.
      const [record] = await after.recordsFor(spec.actionId);
      expect(record?.status).toBe(ExecutionStatus.EXECUTED);
      expect(await after.metric('andon_writeback_reconciled_total', { result: 'called_again' })).toBe(1);
      const effects = await sim.effects(spec.actionId);
      expect(effects).toHaveLength(1);
      expect(effects[0]?.key).toBe(`andon-${spec.actionId}`);
      expect((await sim.lot(spec.lotId)).status).toBe('held');
    } finally {
      await after.close();
    }
  });
});
