import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InProcessEventBus, type EventBus } from '@andon/bus';
import { LlmCallRecord, Topics } from '@andon/contracts';
import { issueDevToken, type Principal } from '@andon/governance/auth';
import { Metrics, createLogger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { plantQueryConfigSchema } from '../config/plant-query.config';
import { PlantQueryModule } from '../plant-query.module';
import { PlantFactsRepository } from '../facts/plant-facts.repository';
import { CANNOT_ANSWER, type PlantAnswer } from '../plant-query.service';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import { NOW, seededHistory } from '../test-support/seeded-history';

const SECRET = 'plant-query-test-secret-0123456789abcdef';

describe('POST /api/plant-query', () => {
  let dir: string;
  let bus: EventBus;
  let store: DocumentStore;
  let app: INestApplication;
  let base: string;
  const calls: LlmCallRecord[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andon-pq-http-'));
    const metrics = new Metrics({}, false);
    const log = createLogger('test', 'silent');
    bus = new InProcessEventBus({ logger: log, metrics });
    store = SqliteDocumentStore.open(join(dir, 'andon.sqlite'));
    const config = plantQueryConfigSchema.parse({ JWT_HS256_SECRET: SECRET, GRPC_ENABLED: 'false' });
    @Module({ imports: [PlantQueryModule.forRoot({ bus, store, log, metrics, config, now: () => NOW })] })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await bus.subscribe({
      groupId: 'test-llm-calls',
      topics: [Topics.LlmCalls],
      handler: async (value) => void calls.push(LlmCallRecord.decode(value)),
    });
    const history = seededHistory();
    await publishPlantEvents(bus, Topics.PlantEvents, history);
    // Redelivered events (same ids) must not be stored twice.
    await publishPlantEvents(bus, Topics.PlantEvents, history.slice(0, 5));
    const facts = app.get(PlantFactsRepository);
    await waitFor(
      async () =>
        (await facts.facts('ncr').count(['plant-a'])) === 3 &&
        (await facts.facts('downtime').count(['plant-b'])) === 5,
      {
        timeoutMs: 10_000,
        description: 'seeded history projected into the operational store',
      },
    );
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (sites: string[]) =>
    issueDevToken(
      { userId: 'u-1', name: 'Sam Supervisor', roles: ['production_supervisor'], sites } satisfies Principal,
      { secret: SECRET, now: new Date() },
    );
  const ask = async (
    question: unknown,
    sites: string[] | null,
  ): Promise<{ status: number; body: PlantAnswer }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (sites) headers['authorization'] = `Bearer ${await token(sites)}`;
    const res = await fetch(`${base}/api/plant-query`, {
      method: 'POST',
      headers,
      body: JSON.stringify(question === undefined ? {} : { question }),
    });
    return { status: res.status, body: (await res.json()) as PlantAnswer };
  };

  it('answers with the numbers, a checked narrative, the query and links to the records', async () => {
    const { status, body } = await ask('How much downtime did line 3 have last night, and why?', ['plant-b']);
    expect(status).toBe(200);
    expect(body.answerable).toBe(true);
    expect(body.query).toMatchObject({
      metric: 'downtime_minutes',
      filters: { line: ['line-3'] },
      groupBy: ['reason'],
      time: { kind: 'relative', period: 'last_night' },
    });
    expect(body.rows.map((r) => [r.key['reason'], r.value])).toEqual([
      ['mechanical_failure', 60],
      ['blocked', 30],
      ['changeover', 20],
    ]);
    expect(body.answer).toBe(
      'line-3 (plant-b) had 110 minutes of downtime in 3 stops last night. By reason: mechanical_failure: 60 minutes; blocked: 30 minutes; changeover: 20 minutes.',
    );
    expect(body.narrativeCheck).toEqual({ passed: true, unsupported: [] });
    expect(body.records.map((r) => r.id).sort()).toEqual(['b3-1-e', 'b3-2-e', 'b3-3-e']);
    expect(body.records[0]?.collection).toBe('pq_downtime');
  });

  it('says it cannot answer when the catalogue has no fit, never guessing', async () => {
    const { status, body } = await ask('What is the energy consumption of the presses on line 1?', [
      'plant-a',
    ]);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      answerable: false,
      answer: CANNOT_ANSWER,
      query: null,
      rows: [],
      records: [],
    });
  });

  it('refuses a plant-b user asking about plant-a, and shows a plant-b user only plant-b rows', async () => {
    const refused = await ask('scrap rate on line-1 this week', ['plant-b']);
    expect(refused.body).toMatchObject({
      answerable: false,
      rows: [],
      refusal: { code: 'site-out-of-scope' },
    });
    const scoped = await ask('how many alarms yesterday by site', ['plant-b']);
    expect(scoped.body.rows.map((r) => [r.key['site'], r.value])).toEqual([['plant-b', 2]]);
  });

  it('applies role and line scope: operators see line performance of their line only', async () => {
    const operator = await issueDevToken(
      { userId: 'u-2', name: 'Olga Operator', roles: ['operator'], sites: ['plant-b'] } satisfies Principal,
      { secret: SECRET, now: new Date() },
    );
    const post = async (body: object) =>
      (await (
        await fetch(`${base}/api/plant-query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
          body: JSON.stringify(body),
        })
      ).json()) as PlantAnswer;
    expect(await post({ question: 'open NCRs this week by supplier' })).toMatchObject({
      answerable: false,
      refusal: { code: 'role-not-permitted' },
    });
    const mine = await post({ question: 'downtime last night by line', lines: ['line-4'] });
    expect(mine.query?.filters).toEqual({ line: ['line-4'] });
    expect(mine.rows.map((r) => [r.key['line'], r.value])).toEqual([['line-4', 10]]);
    expect(await post({ question: 'downtime on line 3 last night', lines: ['line-4'] })).toMatchObject({
      answerable: false,
      refusal: { code: 'line-out-of-scope' },
    });
  });

  it('applies the line scope of the token: a line-4 supervisor sees line-4 only, whatever the request asks', async () => {
    const supervisor = await issueDevToken(
      {
        userId: 'u-3',
        name: 'Lena Line',
        roles: ['production_supervisor'],
        sites: ['plant-a', 'plant-b'],
        lines: ['plant-b/line-4'],
      } satisfies Principal,
      { secret: SECRET, now: new Date() },
    );
    const post = async (body: object) =>
      (await (
        await fetch(`${base}/api/plant-query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
          body: JSON.stringify(body),
        })
      ).json()) as PlantAnswer;
    const mine = await post({ question: 'downtime last night by line' });
    expect(mine.query?.filters).toEqual({ line: ['line-4'] });
    expect(mine.rows.map((r) => [r.key['line'], r.value])).toEqual([['line-4', 10]]);
    // plant-a is in the token's sites but not in its line scope: nothing of it is read; of
    // plant-b's two alarms yesterday only line-4's counts.
    const bySite = await post({ question: 'how many alarms yesterday by site' });
    expect(bySite.rows.map((r) => [r.key['site'], r.value])).toEqual([['plant-b', 1]]);
    expect(await post({ question: 'downtime on line 3 last night' })).toMatchObject({
      answerable: false,
      rows: [],
      refusal: { code: 'line-out-of-scope' },
    });
    expect(await post({ question: 'downtime last night by line', lines: ['line-3'] })).toMatchObject({
      answerable: false,
      refusal: { code: 'line-out-of-scope' },
    });
  });

  it('requires a valid bearer token and a question', async () => {
    expect((await ask('scrap rate on line-1 this week', null)).status).toBe(401);
    expect((await ask(undefined, ['plant-a'])).status).toBe(400);
  });

  it('refuses a malformed body with the one error body, naming the field, before anything is asked', async () => {
    const raw = async (body: unknown) => {
      const res = await fetch(`${base}/api/plant-query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(['plant-a'])}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    };
    // The caller's sites come from the token: a body that names sites is refused, not read.
    const widened = await raw({ question: 'downtime on plant-b yesterday', sites: ['plant-b'] });
    expect(widened).toEqual({
      status: 400,
      body: { code: 'INVALID_REQUEST', message: expect.stringContaining('sites') },
    });
    const badLines = await raw({ question: 'scrap rate this week', lines: 'line-1' });
    expect(badLines.status).toBe(400);
    expect(badLines.body.message).toMatch(/^lines: /);
    const long = await raw({ question: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/^question: /);
    expect((await raw({ question: '   ' })).status).toBe(400);
  });

  it('records every translation on andon.llm.calls.v1', async () => {
    const before = calls.length;
    await ask('scrap rate on line-1 this week', ['plant-a']);
    const call = await waitFor(() => calls.length > before && calls[calls.length - 1], {
      timeoutMs: 5_000,
      description: 'an LLM call record',
    });
    expect(call).toMatchObject({ useCase: 'plant-query', provider: 'deterministic', site: 'plant-a' });
  });
});
