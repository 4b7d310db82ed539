import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InProcessEventBus } from '@andon/bus';
import { Metrics } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { IngestModule } from '../ingest.module';
import { quietLogger, testSettings } from '../test-support/ingest-fixtures';

describe('ingest operator routes refuse malformed requests with the one error body', () => {
  let app: INestApplication;
  let url: string;
  const bus = new InProcessEventBus({ logger: quietLogger() });
  const store = SqliteDocumentStore.open(':memory:');
  const admin = { authorization: 'Bearer admin-secret', 'content-type': 'application/json' };

  beforeAll(async () => {
    @Module({
      imports: [
        IngestModule.forRoot({
          bus,
          store,
          log: quietLogger(),
          metrics: new Metrics({}, false),
          config: testSettings(),
          consume: false,
        }),
      ],
    })
    class App {}
    app = await NestFactory.create(App, { logger: false, rawBody: true });
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/ingest/v1`;
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
