import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { InProcessEventBus } from '@andon/bus';
import { SqliteDocumentStore } from '@andon/persistence';
import { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import { quietLogger } from '../test-support/ingest-fixtures';
import { startIngestHttpApp } from '../test-support/ingest-http-app';

describe('GET /ingest/v1/unmapped/protocol', () => {
  let app: INestApplication;
  let url: string;
  const bus = new InProcessEventBus({ logger: quietLogger() });
  const store = SqliteDocumentStore.open(':memory:');

  beforeAll(async () => {
    ({ app, url } = await startIngestHttpApp({ bus, store, consume: false }));
    url = `${url}/unmapped/protocol`;
    const repo = await UnmappedPathsRepository.open(store);
    await repo.record(
      { site: 'plant-a', protocol: 'sparkplug', path: 'g/n/d/Vibration' },
      new Date('2026-12-06T10:00:00Z'),
    );
    await repo.record(
      { site: 'plant-a', protocol: 'sparkplug', path: 'g/n/d/Vibration' },
      new Date('2026-12-06T10:05:00Z'),
    );
    await repo.record(
      { site: 'plant-b', protocol: 'uns', path: 'acme/plant-b/x/y' },
      new Date('2026-12-06T10:01:00Z'),
    );
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
  });

  it('lists unmapped Sparkplug metrics and UNS topics to operators, most recent first, by site', async () => {
    const all = await fetch(url, { headers: { authorization: 'Bearer admin-secret' } });
    expect(all.status).toBe(200);
    expect(
      ((await all.json()) as Array<{ path: string; count: number }>).map((p) => [p.path, p.count]),
    ).toEqual([
      ['g/n/d/Vibration', 2],
      ['acme/plant-b/x/y', 1],
    ]);
    const siteB = await fetch(`${url}?site=plant-b`, { headers: { authorization: 'Bearer admin-secret' } });
    expect(((await siteB.json()) as unknown[]).length).toBe(1);
  });

  it('refuses callers without an operator token', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer ingest-secret' } })).status).toBe(401);
  });
});
