import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InProcessEventBus } from '@andon/bus';
import {
  ContentTypes,
  Decision,
  ExecutionRecord,
  ExecutionStatus,
  HeaderNames,
  ProposedAction,
  Topics,
  locationKey,
} from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { issueDevToken, type Principal } from '@andon/governance/auth';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { MesWritebackModule } from '../mes-writeback.module';
import { ScriptedMesServer } from '../testing/scripted-mes-server';
import { holdSpec, proposalOf, signedDecision } from '../testing/writeback-fixtures';
import { restMes } from '../testing/writeback-harness';

// The service as Nest runs it: the module subscribes on bootstrap, executes what arrives on
// the bus, and answers the operations API.
const SECRET = 'writeback-module-test-secret-0123456789';
const as = async (principal: Principal): Promise<RequestInit> => ({
  headers: { authorization: `Bearer ${await issueDevToken(principal, { secret: SECRET })}` },
});

describe('MesWritebackModule', () => {
  const key = generateSigningKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'andon-writeback-module-'));
  const store = SqliteDocumentStore.open(join(dir, 'writeback.sqlite'));
  const bus = new InProcessEventBus({ logger: createLogger('bus', 'silent') });
  let mes: ScriptedMesServer;
  let app: INestApplication;
  let base = '';
  const records: ExecutionRecord[] = [];

  beforeAll(async () => {
    mes = await ScriptedMesServer.start();
    @Module({
      imports: [
        MesWritebackModule.forRoot({
          bus,
          store,
          log: createLogger('mes-writeback', 'silent'),
          metrics: new Metrics({}, false),
          config: {
            WRITEBACK_ACCEPTED_POLICY_VERSIONS: ['v1'],
            WRITEBACK_DRY_RUN: false,
            WRITEBACK_LEASE_MS: 60_000,
            WRITEBACK_SWEEP_MS: 60_000,
            CONSUMER_GROUP: 'mes-writeback',
            JWT_HS256_SECRET: SECRET,
          },
          publicKeys: new Map([[key.keyId, key.publicKey]]),
          mes: restMes(mes.baseUrl),
        }),
      ],
    })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await bus.subscribe({
      groupId: 'observer',
      topics: [Topics.ActionsExecuted],
      handler: async (value) => void records.push(ExecutionRecord.decode(value)),
    });
  });
  afterAll(async () => {
    await app?.close();
    await bus.close();
    await mes.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('executes a decision published on the bus and reports it on the operations API', async () => {
    const spec = holdSpec(new Date(), { lotId: 'LOT-A1-00003' });
    const action = proposalOf(spec);
    const decision = signedDecision(spec, key);
    const headers = (id: string) => ({
      [HeaderNames.EventId]: id,
      [HeaderNames.ContentType]: ContentTypes.Protobuf,
    });
    // Decision first: it must wait for its action rather than fail.
    await bus.publish([
      {
        topic: Topics.ActionsDecided,
        key: locationKey(decision.location),
        value: Decision.encode(decision).finish(),
        headers: headers(decision.decisionId),
      },
    ]);
    await bus.publish([
      {
        topic: Topics.ActionsProposed,
        key: locationKey(action.location),
        value: ProposedAction.encode(action).finish(),
        headers: headers('p-1'),
      },
    ]);

    const [record] = await waitFor(
      () => {
        const found = records.filter((r) => r.actionId === spec.actionId);
        return found.length > 0 ? found : undefined;
      },
      { description: 'execution record' },
    );
    expect(record?.status).toBe(ExecutionStatus.EXECUTED);
    expect(mes.writes()).toHaveLength(1);

    const supervisorA = await as({
      userId: 'sup.ben',
      name: 'Ben',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
    });
    const execution = await (
      await fetch(`${base}/api/writeback/executions/${spec.actionId}`, supervisorA)
    ).json();
    expect(execution).toMatchObject({
      state: 'succeeded',
      decisionId: decision.decisionId,
      idempotencyKey: `andon-${spec.actionId}`,
      published: true,
    });
    const dryRun = await fetch(`${base}/api/writeback/dry-run/${spec.actionId}`, {
      method: 'POST',
      ...supervisorA,
    });
    expect(dryRun.status).toBe(200);
    expect(await dryRun.json()).toEqual({
      ok: true,
      request: {
        method: 'POST',
        url: `${mes.baseUrl}/lots/LOT-A1-00003/hold`,
        body: `{"actionId":"${spec.actionId}","reason":"${spec.reason}","holdCode":"QH-01"}`,
      },
    });
    expect(mes.writes()).toHaveLength(1);
    expect((await fetch(`${base}/api/writeback/executions/act-unknown`, supervisorA)).status).toBe(404);
    expect(
      (await fetch(`${base}/api/writeback/dry-run/act-unknown`, { method: 'POST', ...supervisorA })).status,
    ).toBe(404);

    // Anonymous and garbage tokens are refused; another site's person sees nothing.
    expect((await fetch(`${base}/api/writeback/executions/${spec.actionId}`)).status).toBe(401);
    expect(
      (
        await fetch(`${base}/api/writeback/dry-run/${spec.actionId}`, {
          method: 'POST',
          headers: { authorization: 'Bearer garbage' },
        })
      ).status,
    ).toBe(401);
    const supervisorB = await as({
      userId: 'sup.dan',
      name: 'Dan',
      roles: ['production_supervisor'],
      sites: ['plant-b'],
    });
    expect((await fetch(`${base}/api/writeback/executions/${spec.actionId}`, supervisorB)).status).toBe(404);
    expect(
      (await fetch(`${base}/api/writeback/dry-run/${spec.actionId}`, { method: 'POST', ...supervisorB }))
        .status,
    ).toBe(404);
    expect(mes.writes()).toHaveLength(1);
  });

  it('refuses a malformed action id with the kit error body before looking anything up', async () => {
    const supervisor = await as({
      userId: 'sup.ben',
      name: 'Ben',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
    });
    for (const [method, path] of [
      ['GET', 'executions'],
      ['POST', 'dry-run'],
    ] as const) {
      const tooLong = await fetch(`${base}/api/writeback/${path}/${'a'.repeat(257)}`, {
        method,
        ...supervisor,
      });
      expect(tooLong.status).toBe(400);
      expect(await tooLong.json()).toEqual({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/256/),
      });
      const spaced = await fetch(`${base}/api/writeback/${path}/act%20one`, { method, ...supervisor });
      expect(spaced.status).toBe(400);
      expect(await spaced.json()).toEqual({
        code: 'INVALID_REQUEST',
        message: '(body): an action id is printable ASCII without spaces',
      });
    }
    // Authentication still comes first: an anonymous caller learns nothing about the input rules.
    expect((await fetch(`${base}/api/writeback/executions/act%20one`)).status).toBe(401);
  });
});
