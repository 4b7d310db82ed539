import { credentials, Metadata, status } from '@grpc/grpc-js';
import { InProcessEventBus } from '@andon/bus';
import {
  Decision,
  ExecutionRecord,
  ExecutionStatus,
  LedgerEntryKind,
  LedgerServiceClient,
  ProposedAction,
  RefusalReason,
  Topics,
  type ExportResponse,
  type QueryResponse,
  type VerifyResponse,
} from '@andon/contracts';
import { issueDevToken } from '@andon/governance/auth';
import { verifyExport } from '@andon/governance/ledger';
import { createLogger } from '@andon/observability';
import { waitFor } from '@andon/testing';
import { publishGoverned, startLedgerApp, type LedgerApp } from '../testing/ledger-app';
import { rawSqlite, tempSqlite, type TempSqlite } from '../testing/temp-store';
import type { EntryView } from '../query/ledger-query';

const SECRET = 'test-secret-that-is-at-least-32-characters';

async function story(bus: InProcessEventBus, actionId: string, site: string): Promise<void> {
  const location = { enterprise: 'acme', site, area: 'molding', line: 'line-1', cell: '' };
  await publishGoverned(
    bus,
    Topics.ActionsProposed,
    `${site}/line-1`,
    ProposedAction.encode(
      ProposedAction.fromPartial({ actionId, location, correlationId: `corr-${actionId}` }),
    ).finish(),
    `prop-${actionId}`,
  );
  await publishGoverned(
    bus,
    Topics.ActionsDecided,
    `${site}/line-1`,
    Decision.encode(
      Decision.fromPartial({
        decisionId: `dec-${actionId}`,
        actionId,
        location,
        correlationId: `corr-${actionId}`,
      }),
    ).finish(),
    `dec-${actionId}`,
  );
  const refused = ExecutionRecord.fromPartial({
    executionId: `ref-${actionId}`,
    actionId,
    status: ExecutionStatus.REFUSED,
    refusalReason: RefusalReason.REPLAYED,
    location,
    correlationId: `corr-${actionId}`,
  });
  await publishGoverned(
    bus,
    Topics.ActionsExecuted,
    `${site}/line-1`,
    ExecutionRecord.encode(refused).finish(),
    `ref-${actionId}`,
  );
}

describe('audit-ledger REST and gRPC', () => {
  let db: TempSqlite;
  let bus: InProcessEventBus;
  let ledger: LedgerApp;

  /** Every ledger route needs a person's token; by default an auditor's with every site. */
  let auditorToken = '';
  async function get<T>(
    path: string,
    token: string | null = auditorToken,
  ): Promise<{ status: number; body: T; type: string }> {
    const res = await fetch(`${ledger.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (res.headers.get('content-type')?.includes('json') &&
      !res.headers.get('content-type')?.includes('ndjson')
        ? JSON.parse(text)
        : text) as T,
    };
  }

  async function post<T>(
    path: string,
    body: unknown,
    token: string | null = auditorToken,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${ledger.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function entries(query: string, token: string | null = auditorToken): Promise<EntryView[]> {
    const res = await get<{ entries: EntryView[] }>(`/api/ledger/entries?${query}`, token);
    if (res.status !== 200) throw new Error(`entries answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.entries;
  }

  describe('as an auditor with every site', () => {
    beforeAll(async () => {
      auditorToken = await issueDevToken(
        { userId: 'co.gita', name: 'Gita', roles: ['compliance_officer'], sites: ['*'] },
        { secret: SECRET },
      );
      db = tempSqlite();
      bus = new InProcessEventBus({ logger: createLogger('bus', 'silent') });
      ledger = await startLedgerApp(bus, db.store, { JWT_HS256_SECRET: SECRET });
      await story(bus, 'act-1', 'plant-a');
      await story(bus, 'act-2', 'plant-b');
      // The same proposal delivered again (e.g. a producer retry): recorded once.
      await publishGoverned(
        bus,
        Topics.ActionsProposed,
        'plant-a/line-1',
        ProposedAction.encode(
          ProposedAction.fromPartial({ actionId: 'act-1', location: { site: 'plant-a' } }),
        ).finish(),
        'prop-act-1',
      );
      await waitFor(async () => (await entries('limit=1000')).length === 6 || undefined, {
        description: 'six ledger entries',
      });
    });
    afterAll(async () => {
      await ledger.close();
      await bus.close();
      await db.close();
    });

    it('answers the console query: an action timeline, proposed -> decided -> refused, once each', async () => {
      const timeline = await entries('subjectId=act-1');
      expect(timeline.map((e) => e.kind)).toEqual(['action.proposed', 'action.decided', 'action.refused']);
      expect(timeline[0]).toMatchObject({
        subjectId: 'act-1',
        site: 'plant-a',
        correlationId: 'corr-act-1',
        prevHash: '0'.repeat(64),
      });
      expect(timeline[1]?.prevHash).toBe(timeline[0]?.hash);
      expect(timeline[2]?.payload).toMatchObject({
        type: 'andon.v1.ExecutionRecord',
        message: { status: 'EXECUTION_STATUS_REFUSED', refusalReason: 'REFUSAL_REASON_REPLAYED' },
      });
      expect(
        await ledger.metrics.registry.getSingleMetricAsString('andon_ledger_duplicates_total'),
      ).toContain('andon_ledger_duplicates_total{topic="andon.actions.proposed.v1"} 1');
    });

    it('filters by site, kind, correlation id and time, and pages', async () => {
      expect((await entries('site=plant-b')).map((e) => e.subjectId)).toEqual(['act-2', 'act-2', 'act-2']);
      expect((await entries('kind=action.decided')).map((e) => e.subjectId)).toEqual(['act-1', 'act-2']);
      expect((await entries('correlationId=corr-act-2&kind=action.refused')).length).toBe(1);
      const all = await entries('limit=1000');
      const third = all[2]?.recordedAt ?? '';
      expect((await entries(`since=${encodeURIComponent(third)}`)).every((e) => e.recordedAt >= third)).toBe(
        true,
      );
      expect((await entries(`until=${encodeURIComponent(third)}`)).every((e) => e.recordedAt < third)).toBe(
        true,
      );
      expect((await entries('afterSeq=4&limit=1')).map((e) => e.seq)).toEqual([5]);
      expect((await entries('order=desc&limit=2')).map((e) => e.seq)).toEqual([6, 5]);
      expect((await get('/api/ledger/entries?kind=action.deleted')).status).toBe(400);
      expect((await get('/api/ledger/entries?since=yesterday')).status).toBe(400);
    });

    it('exports JSON lines that the governance lib verifies offline', async () => {
      const res = await get<string>('/api/ledger/export');
      expect(res.status).toBe(200);
      expect(res.type).toContain('application/x-ndjson');
      expect(res.body.trim().split('\n')).toHaveLength(6);
      expect(await verifyExport('main', [res.body])).toMatchObject({ ok: true, entries: 6 });
    });

    it('reports ROI figures from the recorded entries', async () => {
      const res = await get<{
        decided: number;
        executed: number;
        refused: number;
        timeToDecisionMinutes: number | null;
        baseline: string;
      }>('/api/roi');
      expect(res.status).toBe(200);
      // two stories: proposed -> decided -> refused each; nothing executed
      expect(res.body).toMatchObject({
        decided: 2,
        executed: 0,
        refused: 2,
        baseline: 'demo-manual-baseline-2026',
      });
      expect(res.body.timeToDecisionMinutes).not.toBeNull();
    });

    it('offers no way to change or delete an entry', async () => {
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const res = await fetch(`${ledger.baseUrl}/api/ledger/entries`, { method });
        expect(res.status).toBe(404);
      }
      expect(
        (await fetch(`${ledger.baseUrl}/api/ledger/entries`, { method: 'POST', body: '{}' })).status,
      ).toBe(404);
    });

    it('gRPC: Query pages, Verify and Export stream match REST', async () => {
      const client = new LedgerServiceClient(
        `127.0.0.1:${ledger.grpcPort ?? 0}`,
        credentials.createInsecure(),
      );
      const md = new Metadata();
      md.set('authorization', `Bearer ${auditorToken}`);
      try {
        await expect(
          new Promise<QueryResponse>((resolve, reject) =>
            client.query(
              {
                site: '',
                kind: LedgerEntryKind.ACTION_DECIDED,
                subjectId: '',
                correlationId: '',
                recordedFrom: undefined,
                recordedTo: undefined,
                afterSeq: 0,
                limit: 1,
              },
              (err, res) => (err ? reject(err) : resolve(res)),
            ),
          ),
        ).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
        const page = await new Promise<QueryResponse>((resolve, reject) =>
          client.query(
            {
              site: '',
              kind: LedgerEntryKind.ACTION_DECIDED,
              subjectId: '',
              correlationId: '',
              recordedFrom: undefined,
              recordedTo: undefined,
              afterSeq: 0,
              limit: 1,
            },
            md,
            (err, res) => (err ? reject(err) : resolve(res)),
          ),
        );
        expect(page.entries.map((e) => [e.subjectId, e.kind, e.payloadType])).toEqual([
          ['act-1', LedgerEntryKind.ACTION_DECIDED, 'andon.v1.Decision'],
        ]);
        expect(page.nextAfterSeq).toBe(page.entries[0]?.seq);
        const verified = await new Promise<VerifyResponse>((resolve, reject) =>
          client.verify({ fromSeq: 2, toSeq: 5 }, md, (err, res) => (err ? reject(err) : resolve(res))),
        );
        expect(verified).toMatchObject({ intact: true, entriesChecked: 4, firstBadSeq: 0 });
        const streamed: ExportResponse[] = [];
        await new Promise<void>((resolve, reject) => {
          const stream = client.export({ fromSeq: 0, toSeq: 0 }, md);
          stream.on('data', (m: ExportResponse) => streamed.push(m));
          stream.on('end', () => resolve());
          stream.on('error', reject);
        });
        expect(streamed.map((m) => m.entry?.seq)).toEqual([1, 2, 3, 4, 5, 6]);
        const first = streamed[0]?.entry;
        const { createHash } = await import('node:crypto');
        expect(
          createHash('sha256')
            .update(first?.payload ?? new Uint8Array())
            .digest('hex'),
        ).toBe(first?.payloadHash);
      } finally {
        client.close();
      }
    });

    it('verify names the seq of an entry altered in the database (run last: it breaks the chain)', async () => {
      expect((await post('/api/ledger/verify', {})).body).toMatchObject({ ok: true, checked: 6, lastSeq: 6 });
      const raw = rawSqlite(db.file);
      await raw.set('main:000000000004', 'payloadJson', '{"forged":true}');
      await raw.close();
      expect((await post('/api/ledger/verify', {})).body).toMatchObject({
        ok: false,
        checked: 3,
        firstBadSeq: 4,
        reason: 'PAYLOAD_TAMPERED',
      });
      expect((await post('/api/ledger/verify', { fromSeq: 5 })).body).toMatchObject({ ok: true, checked: 2 });
      expect((await post('/api/ledger/verify', { fromSeq: 5, toSeq: 2 })).status).toBe(400);
      expect(
        await ledger.metrics.registry.getSingleMetricAsString('andon_ledger_verifications_total'),
      ).toContain('result="broken"} 1');
    });
  });

  describe('with JWT authentication', () => {
    beforeAll(async () => {
      db = tempSqlite();
      bus = new InProcessEventBus({ logger: createLogger('bus', 'silent') });
      ledger = await startLedgerApp(bus, db.store, { JWT_HS256_SECRET: SECRET });
      await story(bus, 'act-a', 'plant-a');
      await story(bus, 'act-b', 'plant-b');
      await waitFor(
        () => db.store.collection('ledger').then(async (c) => (await c.count({})) === 6 || undefined),
        { description: 'six entries' },
      );
    });
    afterAll(async () => {
      await ledger.close();
      await bus.close();
      await db.close();
    });

    const token = (roles: string[], sites: string[]) =>
      issueDevToken({ userId: 'u-1', name: 'Una User', roles: roles as never, sites }, { secret: SECRET });

    it('refuses calls without a valid token', async () => {
      expect((await get('/api/ledger/entries', null)).status).toBe(401);
      expect((await post('/api/ledger/verify', {}, null)).status).toBe(401);
      expect((await get('/api/roi', null)).status).toBe(401);
      expect((await get('/api/ledger/export', null)).status).toBe(401);
      expect((await get('/api/ledger/entries', 'not-a-jwt')).status).toBe(401);
    });

    it("limits entries to the caller's sites and exports to auditors with every site", async () => {
      const qe = await token(['quality_engineer'], ['plant-a']);
      expect(new Set((await entries('', qe)).map((e) => e.site))).toEqual(new Set(['plant-a']));
      expect((await get('/api/ledger/entries?site=plant-b', qe)).status).toBe(403);
      expect((await get('/api/ledger/export', qe)).status).toBe(403);
      expect((await post('/api/ledger/verify', {}, qe)).body).toMatchObject({ ok: true, checked: 6 });
      const auditor = await token(['compliance_officer'], ['*']);
      expect((await entries('', auditor)).length).toBe(6);
      expect((await get('/api/ledger/export', auditor)).status).toBe(200);
      // A line scope reads only the sites it names, even under "*" sites, and cannot export.
      const lineScoped = await issueDevToken(
        {
          userId: 'u-2',
          name: 'Lina Line',
          roles: ['compliance_officer'],
          sites: ['*'],
          lines: ['plant-b/line-3'],
        },
        { secret: SECRET },
      );
      expect(new Set((await entries('', lineScoped)).map((e) => e.site))).toEqual(new Set(['plant-b']));
      expect((await get('/api/ledger/entries?site=plant-a', lineScoped)).status).toBe(403);
      expect((await get('/api/ledger/export', lineScoped)).status).toBe(403);
    });
  });

  describe('with no token key configured', () => {
    beforeAll(async () => {
      db = tempSqlite();
      bus = new InProcessEventBus({ logger: createLogger('bus', 'silent') });
      ledger = await startLedgerApp(bus, db.store);
    });
    afterAll(async () => {
      await ledger.close();
      await bus.close();
      await db.close();
    });

    it('refuses every route instead of serving the ledger to anyone', async () => {
      const forged = await issueDevToken(
        { userId: 'x', name: 'X', roles: ['admin'], sites: ['*'] },
        { secret: SECRET },
      );
      for (const token of [null, forged]) {
        for (const path of ['/api/ledger/entries', '/api/ledger/export', '/api/roi']) {
          const res = await get<{ code: string }>(path, token);
          expect(res.status).toBe(401);
          expect(res.body.code).toBe('AUTH_NOT_CONFIGURED');
        }
        expect((await post('/api/ledger/verify', {}, token)).status).toBe(401);
      }
    });
  });
});
