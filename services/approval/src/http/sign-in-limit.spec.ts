import { InProcessEventBus } from '@andon/bus';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { startApprovalApp, type ApprovalApp } from '../testing/approval-app';

// Password guessing (and scrypt floods) stop after a few failures per user and per address,
// before any hash is computed; the right password is refused too while the lock holds.
describe('sign-in attempts are limited', () => {
  let app: ApprovalApp;
  const bus = new InProcessEventBus({ logger: createLogger('sign-in-limit', 'silent') });
  const store = SqliteDocumentStore.open(':memory:');
  beforeAll(async () => (app = await startApprovalApp({ bus, store })));
  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
  });

  const login = async (userId: string, password: string) => {
    const res = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password }),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { code?: string },
    };
  };

  it('answers 429 with Retry-After after five failures, even to the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('qe.anna', `guess-${i}`)).status).toBe(401);
    const locked = await login('qe.anna', 'andon-demo');
    expect(locked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    // Others behind the same address (a proxy, the plant's NAT) can still sign in.
    expect((await login('sup.ben', 'andon-demo')).status).toBe(200);
  });
});
