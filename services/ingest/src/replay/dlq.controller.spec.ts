import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { InProcessEventBus } from '@andon/bus';
import { SqliteDocumentStore } from '@andon/persistence';
import { quietLogger } from '../test-support/ingest-fixtures';
import { startIngestHttpApp } from '../test-support/ingest-http-app';

describe('ingest operator routes refuse malformed requests with the one error body', () => {
  let app: INestApplication;
  let url: string;
  const bus = new InProcessEventBus({ logger: quietLogger() });
  const store = SqliteDocumentStore.open(':memory:');
  const admin = { authorization: 'Bearer admin-secret', 'content-type': 'application/json' };

  beforeAll(async () => {
    ({ app, url } = await startIngestHttpApp({ bus, store, consume: false }));
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
  });

  it('answers 400 {code, message} to a replay body the schema refuses, naming each field', async () => {
    const response = await fetch(`${url}/dlq/replay`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ limit: 'all', dryRun: 'yes', purge: true }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.message).toMatch(/limit: /);
    expect(body.message).toMatch(/dryRun: /);
    expect(body.message).toMatch(/purge/);
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  });

  it('replays with the defaults when the body is empty, and refuses a bad query on the list', async () => {
    const replay = await fetch(`${url}/dlq/replay`, { method: 'POST', headers: admin });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ matched: 0, dryRun: false, replayed: [], skipped: [] });
    const list = await fetch(`${url}/dlq?limit=0&status=lost`, { headers: admin });
    expect(list.status).toBe(400);
    const body = (await list.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.message).toMatch(/limit: /);
    expect(body.message).toMatch(/status: /);
  });

  it('checks the operator token before the body', async () => {
    const response = await fetch(`${url}/dlq/replay`, {
      method: 'POST',
      headers: { authorization: 'Bearer ingest-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 'all' }),
    });
    expect(response.status).toBe(401);
  });
});
