import { InProcessEventBus } from '@andon/bus';
import { issueDevToken } from '@andon/governance/auth';
import { createLogger } from '@andon/observability';
import { startLedgerApp, type LedgerApp } from '../testing/ledger-app';
import { tempSqlite, type TempSqlite } from '../testing/temp-store';

// Queries and bodies are checked at the edge by the kit's ZodValidationPipe: a malformed one
// is refused with the one error body, 400 { code, message }, naming what was wrong.
const SECRET = 'test-secret-that-is-at-least-32-characters';

describe('audit-ledger request validation', () => {
  let db: TempSqlite;
  let bus: InProcessEventBus;
  let ledger: LedgerApp;
  let token = '';

  const call = async (path: string, init: RequestInit = {}, bearer: string | null = token) => {
    const res = await fetch(`${ledger.baseUrl}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    token = await issueDevToken(
      { userId: 'co.gita', name: 'Gita', roles: ['compliance_officer'], sites: ['*'] },
      { secret: SECRET },
    );
    db = tempSqlite();
    bus = new InProcessEventBus({ logger: createLogger('bus', 'silent') });
    ledger = await startLedgerApp(bus, db.store, { JWT_HS256_SECRET: SECRET, GRPC_ENABLED: false });
  });
  afterAll(async () => {
    await ledger?.close();
    await bus?.close();
    await db?.close();
  });

  it('refuses an unknown or oversized ROI query parameter with the kit error body', async () => {
    expect(await call('/api/roi?site=plant-a&window=7d')).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.stringContaining('window') },
    });
    expect(await call(`/api/roi?site=${'p'.repeat(129)}`)).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.stringMatching(/^site: /) },
    });
    // A well-formed query still gets the report.
    const ok = await call('/api/roi?site=plant-a');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ truncated: false });
  });

  it('refuses a verify body of the wrong type with the kit error body', async () => {
    expect(
      await call('/api/ledger/verify', { method: 'POST', body: JSON.stringify({ fromSeq: 'one' }) }),
    ).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.stringMatching(/^fromSeq: /) },
    });
  });

  it('authenticates before it validates: an anonymous malformed request is 401', async () => {
    expect((await call('/api/roi?window=7d', {}, null)).status).toBe(401);
  });
});
