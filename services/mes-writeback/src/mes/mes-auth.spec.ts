import { ExecutionStatus } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { Metrics, createLogger } from '@andon/observability';
import { loadWritebackConfig } from '../config/writeback.config';
import { callOf, idempotencyKeyOf } from '../execute/decision-executor';
import { ScriptedMesServer } from '../testing/scripted-mes-server';
import { createTestPki, type TestPki } from '../testing/test-pki';
import { holdSpec, proposalOf, signedDecision } from '../testing/writeback-fixtures';
import { ENDPOINTS_DIR, WritebackHarness } from '../testing/writeback-harness';
import { createRestMes } from './create-rest-mes';
import { MesCallError } from './mes.port';
import type { RestMesAdapter } from './rest-mes.adapter';

const TOKEN = 'mes-token-plant-a-0123456789';

/**
 * The MES as a plant secures it: HTTPS with the plant's CA, a client certificate that CA
 * issued, and a bearer token. mes-writeback is configured the way it is deployed (its
 * environment through loadWritebackConfig, files by path) and must get through; anything
 * missing must not.
 */
describe('MES authentication: bearer token and mutual TLS', () => {
  let pki: TestPki;
  let mes: ScriptedMesServer;
  const adapters: RestMesAdapter[] = [];

  beforeAll(async () => {
    pki = createTestPki();
    mes = await ScriptedMesServer.start([], {
      token: TOKEN,
      tls: {
        key: pki.pem(pki.files.serverKey),
        cert: pki.pem(pki.files.serverCert),
        ca: pki.pem(pki.files.ca),
      },
    });
  });
  afterAll(async () => {
    for (const adapter of adapters) await adapter.close();
    await mes?.close();
    pki?.dispose();
  });
  beforeEach(() => mes.requests.splice(0));

  function adapterFrom(env: Record<string, string>): RestMesAdapter {
    const config = loadWritebackConfig({
      APPROVAL_PUBLIC_KEYS: '{"k":"unused"}',
      MES_ENDPOINTS_DIR: ENDPOINTS_DIR,
      MES_BASE_URLS: JSON.stringify({ 'plant-a': mes.baseUrl, 'plant-b': mes.baseUrl }),
      MES_RETRY_ATTEMPTS: '1',
      MES_TIMEOUT_MS: '5000',
      ...env,
    });
    const adapter = createRestMes(config, {
      log: createLogger('mes-auth', 'silent'),
      metrics: new Metrics({}, false),
    });
    adapters.push(adapter);
    return adapter;
  }
  const deployed = { MES_API_TOKEN: TOKEN, MES_TLS_CERT_FILE: '', MES_TLS_KEY_FILE: '', MES_TLS_CA_FILE: '' };
  const mtls = () => ({
    ...deployed,
    MES_TLS_CERT_FILE: pki.files.clientCert,
    MES_TLS_KEY_FILE: pki.files.clientKey,
    MES_TLS_CA_FILE: pki.files.ca,
  });

  it('sends the token and presents the client certificate, on the call and on the effect lookup', async () => {
    const adapter = adapterFrom(mtls());
    const spec = holdSpec(new Date());
    const call = callOf(proposalOf(spec));
    const result = await adapter.execute(call, idempotencyKeyOf(spec.actionId), { dryRun: false });
    expect(result).toMatchObject({ dryRun: false, response: { statusCode: 201 } });
    expect(await adapter.effect(call, idempotencyKeyOf(spec.actionId))).toMatchObject({ statusCode: 200 });
    expect(mes.requests.map((r) => [r.method, r.authorization, r.clientCertCn])).toEqual([
      ['POST', `Bearer ${TOKEN}`, 'mes-writeback'],
      ['GET', `Bearer ${TOKEN}`, 'mes-writeback'],
    ]);
  });

  it('gets nowhere without the client certificate, or with one the plant CA did not issue', async () => {
    const spec = holdSpec(new Date());
    const call = callOf(proposalOf(spec));
    const withoutCert = adapterFrom({ ...deployed, MES_TLS_CA_FILE: pki.files.ca });
    await expect(
      withoutCert.execute(call, idempotencyKeyOf(spec.actionId), { dryRun: false }),
    ).rejects.toThrow(MesCallError);
    const foreign = adapterFrom({
      ...mtls(),
      MES_TLS_CERT_FILE: pki.files.otherClientCert,
      MES_TLS_KEY_FILE: pki.files.otherClientKey,
    });
    await expect(foreign.execute(call, idempotencyKeyOf(spec.actionId), { dryRun: false })).rejects.toThrow(
      /network/,
    );
    expect(mes.requests).toEqual([]);
  });

  it("is refused (401, final) with a wrong token or none, and uses a site's own token from MES_API_TOKENS", async () => {
    const spec = holdSpec(new Date());
    const call = callOf(proposalOf(spec));
    const wrong = adapterFrom({ ...mtls(), MES_API_TOKEN: 'not-the-token' });
    await expect(
      wrong.execute(call, idempotencyKeyOf(spec.actionId), { dryRun: false }),
    ).rejects.toMatchObject({ statusCode: 401, transient: false });
    const none = adapterFrom({ ...mtls(), MES_API_TOKEN: '' });
    await expect(
      none.execute(call, idempotencyKeyOf(spec.actionId), { dryRun: false }),
    ).rejects.toMatchObject({ statusCode: 401 });

    // plant-b's MES has a credential of its own; plant-a keeps MES_API_TOKEN.
    const perSite = adapterFrom({
      ...mtls(),
      MES_API_TOKEN: TOKEN,
      MES_API_TOKENS: JSON.stringify({ 'plant-b': 'plant-b-token' }),
    });
    const plantB = callOf(proposalOf(holdSpec(new Date(), { site: 'plant-b', line: 'line-4' })));
    await expect(perSite.execute(plantB, 'andon-b', { dryRun: false })).rejects.toMatchObject({
      statusCode: 401,
    });
    await perSite.execute(call, 'andon-a', { dryRun: false });
    expect(mes.requests.slice(-2).map((r) => r.authorization)).toEqual([
      'Bearer plant-b-token',
      `Bearer ${TOKEN}`,
    ]);
  });

  it('executes an approved decision end to end through the secured MES', async () => {
    const key = generateSigningKeyPair();
    const harness = await WritebackHarness.create({ mes: adapterFrom(mtls()), trusted: [key] });
    try {
      const spec = holdSpec(new Date());
      await harness.propose(proposalOf(spec));
      await harness.decide(signedDecision(spec, key));
      const [record] = await harness.recordsFor(spec.actionId);
      expect(record?.status).toBe(ExecutionStatus.EXECUTED);
      expect(mes.writes().map((r) => [r.idempotencyKey, r.authorization, r.clientCertCn])).toEqual([
        [`andon-${spec.actionId}`, `Bearer ${TOKEN}`, 'mes-writeback'],
      ]);
    } finally {
      await harness.close();
    }
  });

  it('refuses a configuration that cannot work, naming the variable', () => {
    expect(() => adapterFrom({ MES_TLS_CERT_FILE: pki.files.clientCert })).toThrow('MES_TLS_KEY_FILE');
    expect(() => adapterFrom({ ...mtls(), MES_TLS_CA_FILE: `${pki.dir}/missing.pem` })).toThrow(
      /^MES_TLS_CA_FILE: cannot read/,
    );
    expect(() => adapterFrom({ MES_API_TOKENS: JSON.stringify({ 'plant-z': 't' }) })).toThrow(
      'MES_API_TOKENS names plant-z',
    );
  });
});
