import { ExecutionStatus, RefusalReason } from '@andon/contracts';
import { actionHash } from '@andon/governance/canonical';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { ScriptedMesServer, type ScriptedReply } from '../../testing/scripted-mes-server';
import { boundAction, holdSpec, proposalOf, signedDecision } from '../../testing/writeback-fixtures';
import { WritebackHarness, restMes } from '../../testing/writeback-harness';

// MES failures a real plant produces and mes-sim cannot be told to: the scripted server
// stands in for a third-party MES.
describe('MES failures', () => {
  const key = generateSigningKeyPair();
  let mes: ScriptedMesServer;
  let harness: WritebackHarness;

  async function setUp(script: ScriptedReply[], dryRun = false) {
    mes = await ScriptedMesServer.start(script);
    harness = await WritebackHarness.create({
      mes: restMes(mes.baseUrl, { attempts: 4 }),
      trusted: [key],
      config: { WRITEBACK_DRY_RUN: dryRun },
    });
  }
  afterEach(async () => {
    await harness.close();
    await mes.close();
  });

  async function run(spec = holdSpec(new Date())) {
    await harness.propose(proposalOf(spec));
    await harness.decide(signedDecision(spec, key));
    const [record] = await harness.recordsFor(spec.actionId);
    return { spec, record };
  }

  it('retries 5xx and network failures with the same key, then records EXECUTED', async () => {
    await setUp([{ status: 503 }, { status: 0, hangUp: true }, { status: 502 }]);
    const { spec, record } = await run();
    expect(record?.status).toBe(ExecutionStatus.EXECUTED);
    expect(mes.writes()).toHaveLength(4);
    expect(new Set(mes.writes().map((r) => r.idempotencyKey))).toEqual(new Set([`andon-${spec.actionId}`]));
    expect(mes.writes()[0]?.body).toBe(
      `{"actionId":"${spec.actionId}","reason":"${spec.reason}","holdCode":"QH-01"}`,
    );
  });

  it('gives up on a 4xx at once: FAILED with the MES answer and a failure metric', async () => {
    await setUp([{ status: 409, body: { error: 'lot is consumed' } }]);
    const { spec, record } = await run();
    expect(record).toMatchObject({ status: ExecutionStatus.FAILED, mesResponse: { statusCode: 409 } });
    expect(record?.detail).toContain('lot is consumed');
    expect(mes.writes()).toHaveLength(1);
    expect(await harness.metric('andon_writeback_mes_failures_total', { kind: 'rejected_4xx' })).toBe(1);
    expect(await harness.executions.get(spec.actionId)).toMatchObject({
      state: 'failed',
      published: true,
    });
  });

  it('records FAILED once retries are exhausted and the key did not take effect', async () => {
    await setUp([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    const { record } = await run();
    expect(record?.status).toBe(ExecutionStatus.FAILED);
    expect(record?.detail).toMatch(/still failing after 4 attempts \(status 503\)/);
    expect(mes.writes()).toHaveLength(4);
    expect(await harness.metric('andon_writeback_mes_failures_total', { kind: 'retries_exhausted' })).toBe(1);
  });

  it.each([
    [
      'a path that escapes its template',
      { lotId: '..' },
      undefined,
      /path \/lots\/\.\.\/hold does not fit \/lots\/\{lotId\}\/hold/,
    ],
    [
      'a body without a required field',
      {},
      '{"holdCode":"QH-01"}',
      /mes\.hold_lot needs reason in the payload/,
    ],
    [
      'a body that contradicts an injected field',
      {},
      '{"reason":"x","actionId":"someone-else"}',
      /payload field actionId is "someone-else"/,
    ],
  ])(
    'sends nothing for an approved call with %s: FAILED, and the action keeps its execution slot',
    async (_case, overrides, payloadJson, message) => {
      await setUp([]);
      const spec = holdSpec(new Date(), overrides);
      await harness.propose(proposalOf(spec, payloadJson));
      await harness.decide(
        signedDecision(spec, key, { actionHash: actionHash(boundAction(spec, payloadJson)) }),
      );
      const [record] = await harness.recordsFor(spec.actionId);
      expect(record?.status).toBe(ExecutionStatus.FAILED);
      expect(record?.detail).toMatch(message);
      expect(mes.requests).toEqual([]);
      expect(await harness.executions.get(spec.actionId)).toBeNull();
      expect(await harness.metric('andon_writeback_mes_failures_total', { kind: 'invalid_call' })).toBe(1);
    },
  );

  it('in dry-run mode validates the call and sends nothing', async () => {
    await setUp([], true);
    const { spec, record } = await run();
    expect(record).toMatchObject({
      status: ExecutionStatus.REFUSED,
      refusalReason: RefusalReason.UNSPECIFIED,
    });
    expect(record?.detail).toMatch(
      new RegExp(`^DRY_RUN: dry-run mode: POST ${mes.baseUrl}/lots/${spec.lotId}/hold validated, not sent`),
    );
    expect(mes.requests).toEqual([]);
    expect(await harness.executions.get(spec.actionId)).toBeNull();
  });
});
