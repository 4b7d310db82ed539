import { ExecutionStatus } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { ScriptedMesServer } from '../../testing/scripted-mes-server';
import { holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

/*
 * The MES kept failing (5xx until the retries ran out) and then could not answer whether
 * the key took effect either: the outcome is unknown, and is recorded so, not as FAILED.
 * Nothing is published until the reconciler gets an answer from the MES.
 */
describe('an MES outcome that cannot be established', () => {
  const key = generateSigningKeyPair();
  let mes: ScriptedMesServer;
  let harness: WritebackHarness;

  beforeEach(async () => {
    mes = await ScriptedMesServer.start([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    harness = await WritebackHarness.create({ mes: restMes(mes.baseUrl, { attempts: 4 }), trusted: [key] });
  });
  afterEach(async () => {
    await harness.close();
    await mes.close();
  });

  async function callGoesUnknown() {
    const spec = holdSpec(new Date());
    mes.failEffectLookups(1);
    await harness.propose(proposalOf(spec));
    await harness.decide(signedDecision(spec, key));
    const row = await harness.executions.get(spec.actionId);
    expect(row).toMatchObject({ state: 'unknown', published: false, unsent: false });
    expect(row?.error).toMatch(/still failing after 4 attempts .*the effect lookup failed too/);
    expect(harness.records.filter((r) => r.actionId === spec.actionId)).toEqual([]);
    expect(await harness.metric('andon_writeback_unknown_outcomes_total')).toBe(1);
    expect(await harness.metric('andon_writeback_mes_failures_total', { kind: 'retries_exhausted' })).toBe(0);
    return spec;
  }

  it('stays unknown, and becomes FAILED once the MES says the key did not take effect', async () => {
    const spec = await callGoesUnknown();
    // Redelivered decision: the row is the action's one execution; nothing is called again.
    await harness.decide(
      signedDecision(spec, key, {
        decisionId: (await harness.executions.get(spec.actionId))?.decisionId ?? '',
      }),
    );
    expect(mes.writes()).toHaveLength(4);

    await harness.reconciler.sweep();
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({ status: ExecutionStatus.FAILED, executionId: `exe-${spec.actionId}` });
    expect(record?.detail).toContain(`the MES reports the key andon-${spec.actionId} did not take effect`);
    expect(await harness.executions.get(spec.actionId)).toMatchObject({
      state: 'failed',
      published: true,
    });
    expect(mes.writes()).toHaveLength(4);
  });

  it('becomes EXECUTED when the MES says the key did take effect after all', async () => {
    const spec = await callGoesUnknown();
    mes.apply(`andon-${spec.actionId}`, { response: { lotId: spec.lotId } });
    await harness.reconciler.sweep();
    const [record] = await harness.recordsFor(spec.actionId);
    expect(record).toMatchObject({
      status: ExecutionStatus.EXECUTED,
      mesResponse: { mesRecordId: spec.lotId },
    });
    expect(await harness.metric('andon_writeback_reconciled_total', { result: 'effect_found' })).toBe(1);
  });
});
