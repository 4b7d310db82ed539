import { ScriptedMesServer } from '../testing/scripted-mes-server';
import { restMes } from '../testing/writeback-harness';
import { MesCallError, type MesCallRequest } from './mes.port';

const call: MesCallRequest = {
  actionId: 'act-9',
  actionType: 'mes.start_investigation',
  method: 'POST',
  path: '/investigations',
  payloadJson: '{"title":"NCR-88"}',
  location: { enterprise: 'acme', site: 'plant-b', area: 'mixing', line: 'line-3', cell: '' },
};

describe('RestMesAdapter', () => {
  let mes: ScriptedMesServer;
  afterEach(async () => mes.close());

  it('answers effect() from the MES: null for 404, the recorded response otherwise', async () => {
    mes = await ScriptedMesServer.start();
    const adapter = restMes(mes.baseUrl);
    expect(await adapter.effect(call, 'andon-act-9')).toBeNull();
    mes.apply('andon-act-9', { response: { id: 'INV-00007' } });
    expect(await adapter.effect(call, 'andon-act-9')).toEqual({
      statusCode: 200,
      body: '{"response":{"id":"INV-00007"}}',
      recordId: 'INV-00007',
    });
    expect(mes.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /effects/andon-act-9',
      'GET /effects/andon-act-9',
    ]);
  });

  it('sends the idempotency key header, counts attempts, and does not retry a 400', async () => {
    mes = await ScriptedMesServer.start([{ status: 500 }, { status: 400, body: { error: 'bad' } }]);
    const adapter = restMes(mes.baseUrl);
    const failure = await adapter
      .execute(call, 'andon-act-9', { dryRun: false })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(MesCallError);
    expect(failure).toMatchObject({ statusCode: 400, attempts: 2, transient: false });
    expect(mes.writes().map((r) => r.idempotencyKey)).toEqual(['andon-act-9', 'andon-act-9']);
  });

  it('treats 429 as transient', async () => {
    mes = await ScriptedMesServer.start([{ status: 429 }]);
    const result = await restMes(mes.baseUrl).execute(call, 'k', { dryRun: false });
    expect(result).toMatchObject({ dryRun: false, attempts: 2 });
  });

  it('surfaces an unreachable MES as a transient failure after every attempt', async () => {
    mes = await ScriptedMesServer.start();
    const url = mes.baseUrl;
    await mes.close();
    mes = await ScriptedMesServer.start();
    const failure = await restMes(url, { attempts: 2 })
      .execute(call, 'k', { dryRun: false })
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({ name: 'MesCallError', statusCode: null, attempts: 2, transient: true });
  });
});
