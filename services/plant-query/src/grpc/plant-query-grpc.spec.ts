import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InProcessEventBus } from '@andon/bus';
import {
  PlantQueryServiceClient,
  PlantQueryTranslation,
  Topics,
  type PlantQueryServiceAskRequest,
  type PlantQueryServiceAskResponse,
} from '@andon/contracts';
import { issueDevToken, type Principal } from '@andon/governance/auth';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { plantQueryConfigSchema } from '../config/plant-query.config';
import { PlantQueryModule } from '../plant-query.module';
import { PlantFactsRepository } from '../facts/plant-facts.repository';
import { PlantQueryGrpcServer } from './plant-query-grpc.server';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import { NOW, seededHistory } from '../test-support/seeded-history';

const SECRET = 'plant-query-grpc-secret-0123456789abcdef';

describe('gRPC PlantQueryService over a real socket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'andon-pq-grpc-'));
  const log = createLogger('test', 'silent');
  const bus = new InProcessEventBus({ logger: log, metrics: new Metrics({}, false) });
  const store = SqliteDocumentStore.open(join(dir, 'andon.sqlite'));
  let app: INestApplication;
  let client: PlantQueryServiceClient;

  beforeAll(async () => {
    const config = plantQueryConfigSchema.parse({ JWT_HS256_SECRET: SECRET, PLANT_QUERY_GRPC_PORT: '0' });
    @Module({
      imports: [
        PlantQueryModule.forRoot({
          bus,
          store,
          log,
          metrics: new Metrics({}, false),
          config,
          now: () => NOW,
        }),
      ],
    })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    await app.init();
    const facts = app.get(PlantFactsRepository);
    await publishPlantEvents(bus, Topics.PlantEvents, seededHistory());
    await waitFor(async () => (await facts.facts('downtime').count(['plant-b'])) === 5, {
      timeoutMs: 10_000,
      description: 'seeded history projected',
    });
    client = new PlantQueryServiceClient(
      `127.0.0.1:${app.get(PlantQueryGrpcServer).port}`,
      credentials.createInsecure(),
    );
  });
  afterAll(async () => {
    client.close();
    await app.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bearer = async (p: Principal) => {
    const m = new Metadata();
    m.set('authorization', `Bearer ${await issueDevToken(p, { secret: SECRET, now: new Date() })}`);
    return m;
  };
  const supervisorB: Principal = {
    userId: 'u-1',
    name: 'Sam Supervisor',
    roles: ['production_supervisor'],
    sites: ['plant-b'],
  };
  const ask = (req: Partial<PlantQueryServiceAskRequest>, metadata: Metadata) =>
    new Promise<PlantQueryServiceAskResponse>((resolve, reject) =>
      client.ask(
        { question: '', lines: [], correlationId: '', ...req },
        metadata,
        (err: ServiceError | null, res?: PlantQueryServiceAskResponse) =>
          err ? reject(err) : resolve(res as PlantQueryServiceAskResponse),
      ),
    );

  it('answers with the figures, the query and the records', async () => {
    const res = await ask(
      { question: 'How much downtime did line 3 have last night, and why?' },
      await bearer(supervisorB),
    );
    expect(res.answerable).toBe(true);
    expect(JSON.parse(res.queryJson)).toMatchObject({
      metric: 'downtime_minutes',
      filters: { line: ['line-3'] },
      groupBy: ['reason'],
    });
    expect(res.rows.map((r) => [r.key['reason'], r.value])).toEqual([
      ['mechanical_failure', 60],
      ['blocked', 30],
      ['changeover', 20],
    ]);
    expect(res.total).toMatchObject({ value: 110, measures: { stops: 3 } });
    expect(res.windows['plant-b']).toEqual({
      from: '2025-03-05T03:00:00.000Z',
      to: '2025-03-05T11:00:00.000Z',
      zone: 'America/New_York',
    });
    expect(res.records.map((r) => r.id).sort()).toEqual(['b3-1-e', 'b3-2-e', 'b3-3-e']);
    expect(res).toMatchObject({ narrativeChecked: true, translation: PlantQueryTranslation.DETERMINISTIC });
  });

  it('leaves an undefined value unset rather than zero', async () => {
    const res = await ask({ question: 'MTBF on plant-b last night' }, await bearer(supervisorB));
    expect(res.rows.find((r) => r.key['line'] === 'line-4')?.value).toBeUndefined();
  });

  it('refuses another site and narrows to the caller line', async () => {
    expect(
      (await ask({ question: 'scrap rate on line-1 this week' }, await bearer(supervisorB))).refusal,
    ).toMatchObject({ code: 'site-out-of-scope' });
    const mine = await ask(
      { question: 'downtime last night by line', lines: ['line-4'] },
      await bearer({ ...supervisorB, roles: ['operator'] }),
    );
    expect(mine.rows.map((r) => [r.key['line'], r.value])).toEqual([['line-4', 10]]);
  });

  it('rejects calls without a valid token, and empty questions', async () => {
    await expect(ask({ question: 'alarms today' }, new Metadata())).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    const forged = new Metadata();
    forged.set(
      'authorization',
      `Bearer ${await issueDevToken(supervisorB, { secret: 'another-secret-0123456789abcdef-xyz', now: new Date() })}`,
    );
    await expect(ask({ question: 'alarms today' }, forged)).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    await expect(ask({ question: '   ' }, await bearer(supervisorB))).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });
});
