import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessEventBus } from '@andon/bus';
import { Decision, Topics, locationKey } from '@andon/contracts';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { startApprovalApp, type ApprovalApp } from '../testing/approval-app';
import { DEMO_PASSWORD } from '../testing/approval-harness';
import { encodeProposal, proposal } from '../testing/proposals';
import { verifyPublished } from '../testing/signing-helpers';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

describe('REST API through the real Nest app', () => {
  let dir: string;
  let bus: InProcessEventBus;
  let store: SqliteDocumentStore;
  let approval: ApprovalApp;
  const decided: Decision[] = [];

  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Reply> => {
    const res = await fetch(`${approval.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = async (userId: string): Promise<string> => {
    const reply = await call('POST', '/api/auth/login', { body: { userId, password: DEMO_PASSWORD } });
    expect(reply.status).toBe(200);
    return reply.body['token'] as string;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'approval-http-'));
    bus = new InProcessEventBus({ logger: createLogger('approval-test', 'silent') });
    store = SqliteDocumentStore.open(join(dir, 'approval.sqlite'));
    approval = await startApprovalApp({ bus, store });
    await bus.subscribe({
      groupId: 'test-decided',
      topics: [Topics.ActionsDecided],
      handler: async (v) => void decided.push(Decision.decode(v)),
    });
  });
  afterAll(async () => {
    await approval.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in demo users and refuses wrong passwords and missing tokens', async () => {
    const ok = await call('POST', '/api/auth/login', {
      body: { userId: 'qe.anna', password: DEMO_PASSWORD },
    });
    expect(ok.body['user']).toEqual({
      userId: 'qe.anna',
      name: 'Anna Quist',
      roles: ['quality_engineer'],
      sites: ['plant-a'],
    });
    expect((await call('GET', '/api/me', { token: ok.body['token'] as string })).body).toMatchObject({
      userId: 'qe.anna',
    });
    // A line scope travels through the token: /api/me is read from the verified JWT.
    const ines = await login('sup.ines');
    expect((await call('GET', '/api/me', { token: ines })).body).toMatchObject({
      userId: 'sup.ines',
      sites: ['plant-a'],
      lines: ['plant-a/line-1'],
    });

    const bad = await call('POST', '/api/auth/login', { body: { userId: 'qe.anna', password: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body['message']).toMatch(/wrong/);
    expect(bad.body['code']).toBe('INVALID_CREDENTIALS');
    expect((await call('GET', '/api/actions')).status).toBe(401);
    expect((await call('GET', '/api/actions', { token: 'not.a.jwt' })).status).toBe(401);
    expect((await call('POST', '/api/auth/login', { body: {} })).status).toBe(400);
  });

  it('takes a transaction_execution action from the bus to a signed decision with two approvers', async () => {
    const action = proposal('hold_lot', new Date());
    await bus.publish([
      {
        topic: Topics.ActionsProposed,
        key: locationKey({ site: 'plant-a', line: 'line-2' }),
        value: encodeProposal(action),
      },
    ]);
    const anna = await login('qe.anna');
    const ben = await login('sup.ben');
    const carla = await login('qe.carla');

    const listed = await waitFor(
      async () => {
        const reply = await call('GET', '/api/actions?state=pending&risk=transaction_execution', {
          token: anna,
        });
        return (reply.body['actions'] as Array<{ actionId: string; awaiting: string }>).find(
          (a) => a.actionId === action.actionId,
        );
      },
      { description: 'action listed for qe.anna' },
    );
    expect(listed.awaiting).toMatch(/2 more approvers|approver/);
    expect((await call('GET', `/api/actions/${action.actionId}`, { token: carla })).status).toBe(404);

    const view = await call('GET', `/api/actions/${action.actionId}`, { token: anna });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      state: 'pending',
      riskClass: 'transaction_execution',
      canDecide: true,
      whyNot: null,
      policy: { id: 'hold-lot', version: 'v1' },
    });
    expect((view.body['action'] as { evidence: unknown[]; mesCall: { path: string } }).mesCall.path).toBe(
      '/lots/LOT-5/hold',
    );
    expect((view.body['action'] as { evidence: unknown[] }).evidence).toHaveLength(2);

    const badBody = await call('POST', `/api/actions/${action.actionId}/decisions`, {
      token: anna,
      body: { decision: 'maybe' },
    });
    expect(badBody.status).toBe(400);
    const badPassword = await call('POST', `/api/actions/${action.actionId}/decisions`, {
      token: anna,
      body: { decision: 'approve', meaning: 'approval', reason: 'confirmed', password: 'wrong' },
    });
    expect(badPassword.status).toBe(401);

    const first = await call('POST', `/api/actions/${action.actionId}/decisions`, {
      token: anna,
      body: {
        decision: 'approve',
        meaning: 'approval',
        reason: 'two bores out of spec confirmed',
        password: DEMO_PASSWORD,
      },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      state: 'pending',
      requirements: ['awaits 1 more approver with role production_supervisor'],
    });
    const again = await call('POST', `/api/actions/${action.actionId}/decisions`, {
      token: anna,
      body: { decision: 'approve', meaning: 'responsibility', reason: 'again', password: DEMO_PASSWORD },
    });
    expect(again.status).toBe(403);

    const second = await call('POST', `/api/actions/${action.actionId}/decisions`, {
      token: ben,
      body: {
        decision: 'approve',
        meaning: 'responsibility',
        reason: 'line 2 can absorb it',
        password: DEMO_PASSWORD,
      },
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      state: 'approved',
      requirements: [],
      decision: { outcome: 'approved', keyId: approval.signingKey.keyId },
    });

    const decision = await waitFor(() => decided.find((d) => d.actionId === action.actionId), {
      description: 'decision on the bus',
    });
    expect(verifyPublished(decision, approval.signingKey, action).ok).toBe(true);
    const late = await call('POST', `/api/actions/${action.actionId}/decisions`, {
      token: await login('sup.bea'),
      body: { decision: 'reject', meaning: 'review', reason: 'too late', password: DEMO_PASSWORD },
    });
    expect(late.status).toBe(409);
  });

  it('refuses malformed bodies and queries at the edge with the one error body, before any use case runs', async () => {
    const action = proposal('hold_lot', new Date());
    await approval.intake.handle(encodeProposal(action), approval.log);
    const anna = await login('qe.anna');
    const refusal = (reply: Reply, code: string, ...mentions: RegExp[]) => {
      expect(reply.status).toBe(400);
      // the kit's body and nothing else: no zod issue list, no stack
      expect(Object.keys(reply.body).sort()).toEqual(['code', 'message']);
      expect(reply.body['code']).toBe(code);
      for (const m of mentions) expect(reply.body['message']).toMatch(m);
    };

    refusal(
      await call('POST', '/api/auth/login', { body: { userId: 42 } }),
      'BAD_REQUEST',
      /userId/,
      /password/,
    );
    // no body at all reads as an empty one: the refusal names what is missing
    refusal(await call('POST', '/api/auth/login'), 'BAD_REQUEST', /userId: userId is required/);
    refusal(
      await call('POST', `/api/actions/${action.actionId}/decisions`, {
        token: anna,
        body: { decision: 'maybe', meaning: 'approval', password: DEMO_PASSWORD },
      }),
      'BAD_REQUEST',
      /decision: decision must be "approve" or "reject"/,
      /reason: reason is required/,
    );
    refusal(
      await call('POST', `/api/actions/${action.actionId}/decisions`, {
        token: anna,
        body: {
          decision: 'approve',
          meaning: 'approval',
          reason: 'ok',
          password: DEMO_PASSWORD,
          actionHash: 'abc',
        },
      }),
      'BAD_REQUEST',
      /actionHash: actionHash must be 64 lower-case hex characters/,
    );
    // nothing was signed
    expect((await approval.actions.get(action.actionId))?.signatures).toEqual([]);
    // the guard still comes first: a stranger learns nothing about the body's shape
    expect(
      (await call('POST', `/api/actions/${action.actionId}/decisions`, { body: { decision: 'maybe' } }))
        .status,
    ).toBe(401);

    refusal(
      await call('GET', '/api/actions?state=pending&state=approved', { token: anna }),
      'BAD_FILTER',
      /state: state must be given once/,
    );
    refusal(
      await call('GET', '/api/policy/shadow-report?limit=0', { token: await login('comp.gita') }),
      'BAD_FILTER',
      /limit: limit must be an integer from 1 to 1000/,
    );
    refusal(
      await call('POST', '/api/shift-acknowledgements', {
        token: await login('sup.ben'),
        body: {
          site: 'plant-a',
          line: 'line-2',
          shiftId: 'plant-a/line-2/2026-01-05/A',
          contentHash: 'not-a-hash',
          meaning: 'review',
          reason: 'read it',
          password: DEMO_PASSWORD,
        },
      }),
      'BAD_REQUEST',
      /contentHash: contentHash must be 64 lower-case hex characters/,
    );
  });

  it('reports where the shadow policy would differ, to compliance only', async () => {
    const action = proposal('start_investigation', new Date());
    await approval.intake.handle(encodeProposal(action), approval.log);
    const gita = await login('comp.gita');

    const report = await call('GET', '/api/policy/shadow-report', { token: gita });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ activeVersion: 'v1', shadowVersion: 'v2' });
    const row = (report.body['cases'] as Array<{ actionId: string; differences: string[] }>).find(
      (c) => c.actionId === action.actionId,
    );
    expect(row?.differences.join('\n')).toMatch(/roles/);
    expect((await call('GET', '/api/policy/shadow-report', { token: await login('qe.anna') })).status).toBe(
      403,
    );
    // shadow mode never decides: the active rule still wants a quality engineer
    expect(
      (await call('GET', `/api/actions/${action.actionId}`, { token: await login('sup.ben') })).body[
        'canDecide'
      ],
    ).toBe(false);
  });
});
