import { join } from 'node:path';
import type { Principal } from '@andon/governance/auth';
import { createLlmGateway, type LlmCallRecord } from '@andon/llm';
import { ScriptedOpenAiServer, type ScriptedReply } from '@andon/llm/testing';
import { loadLlmSettings } from '@andon/llm';
import { PlantQueryService, type PlantAnswer } from '../plant-query.service';
import { NOW, seededHistory } from '../test-support/seeded-history';
import { seededStore, type SeededStore } from '../test-support/seeded-store';
import { QueryTranslator } from './query-translator';
import { clockOf } from '@andon/service-kit';

const ROOT = join(__dirname, '../../../..');
const supervisor = (sites: string[]): Principal => ({
  userId: 'u-1',
  name: 'Sam',
  roles: ['production_supervisor'],
  sites,
});
const reply = (
  query: unknown,
  reason = 'Downtime on line 3 last night by reason, as the request asks [S0].',
): ScriptedReply => ({
  kind: 'chat',
  content: JSON.stringify({ translated: true, query, reason }),
  tokensIn: 400,
  tokensOut: 60,
});
const LINE3_NIGHT = {
  metric: 'downtime_minutes',
  filters: { line: ['line-3'] },
  groupBy: ['reason'],
  time: { kind: 'relative', period: 'last_night' },
};

describe('LLM translation against a scripted OpenAI-compatible server', () => {
  let server: ScriptedOpenAiServer;
  let seeded: SeededStore;
  let records: LlmCallRecord[] = [];
  let service: PlantQueryService;

  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
    seeded = await seededStore(seededHistory());
    const gateway = createLlmGateway({
      settings: loadLlmSettings({
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: server.baseUrl,
        LLM_API_KEY: 'test-key',
        LLM_MODEL_SMALL: 'small-model',
        LLM_MODEL_LARGE: 'large-model',
        LLM_PROMPTS_DIR: join(ROOT, 'prompts'),
        LLM_REDACTION_DIR: join(ROOT, 'config/redaction'),
        ANDON_ENV: 'production',
        LLM_MAX_RETRIES: '0',
        LLM_TIMEOUT_MS: '1000',
      }),
      onCall: (r) => void records.push(r),
    });
    // The module's executor and calendar; the translator over the scripted gateway and a sink that keeps the
    // service's own call records in order with the gateway's (the module would publish them on the bus).
    service = new PlantQueryService(
      seeded.executor,
      new QueryTranslator(gateway),
      seeded.calendar,
      { sink: (r) => void records.push(r) },
      clockOf(() => NOW),
    );
    // Load the provider SDK once outside any timed call, so the timeout case times the server only.
    server.enqueue(reply(LINE3_NIGHT));
    await service.ask('warm up', supervisor(['plant-b']));
  }, 30_000);
  afterAll(async () => {
    await server.close();
    await seeded.close();
  });
  beforeEach(() => {
    records = [];
    server.requests.splice(0);
  });

  const stored = async () => {
    const counts = await Promise.all(
      (['production', 'downtime', 'quality', 'alarm', 'ncr', 'lot'] as const).map((k) =>
        seeded.repo.facts(k).count(['plant-a', 'plant-b']),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  };
  const askWith = async (
    r: ScriptedReply,
    question = 'How much downtime did line 3 have last night, and why?',
    sites = ['plant-b'],
  ): Promise<PlantAnswer> => {
    server.enqueue(r);
    return service.ask(question, supervisor(sites));
  };
  const refusedProposal = (answer: PlantAnswer, code: string) => {
    expect(answer).toMatchObject({
      answerable: false,
      translation: 'llm',
      rows: [],
      total: null,
      records: [],
      refusal: { code },
    });
    expect(records.map((r) => [r.useCase, r.outcome])).toEqual([
      ['plant-query-translate', 'llm'],
      ['plant-query', 'refused'],
    ]);
    expect(records[1]?.checks[0]?.details[0]).toContain(code);
  };

  it('runs a valid model query and records the small-tier call', async () => {
    const a = await askWith(reply(LINE3_NIGHT));
    expect(a).toMatchObject({ answerable: true, translation: 'llm', query: LINE3_NIGHT });
    expect(a.total?.value).toBe(60 + 20 + 30);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      useCase: 'plant-query-translate',
      outcome: 'llm',
      tier: 'small',
      model: 'small-model',
      promptId: expect.stringMatching(/^plant-query-translate@v[0-9]+$/),
      site: 'plant-b',
      tokensIn: 400,
    });
    const sent = server.chatRequests()[0];
    expect(sent?.body).toMatchObject({ model: 'small-model', response_format: { type: 'json_object' } });
  });

  it('refuses a query for another site before reading anything', async () => {
    refusedProposal(
      await askWith(reply({ ...LINE3_NIGHT, filters: { site: ['plant-a'] } })),
      'site-out-of-scope',
    );
  });

  it('refuses a write operation and the store is unchanged', async () => {
    const before = await stored();
    refusedProposal(await askWith(reply({ ...LINE3_NIGHT, operation: 'delete' })), 'proposal-write');
    refusedProposal(
      (records.splice(0), await askWith(reply({ ...LINE3_NIGHT, update: { $set: { reason: 'x' } } }))),
      'proposal-write',
    );
    expect(await stored()).toBe(before);
  });

  it('refuses an unknown operator and an unknown metric', async () => {
    refusedProposal(
      await askWith(reply({ ...LINE3_NIGHT, filters: { line: { $ne: null } } })),
      'proposal-operator',
    );
    records.splice(0);
    refusedProposal(
      await askWith(reply({ ...LINE3_NIGHT, metric: 'energy_kwh' })),
      'proposal-unknown-metric',
    );
  });

  it('refuses an unbounded range and one over the limit', async () => {
    refusedProposal(
      await askWith(reply({ ...LINE3_NIGHT, time: { kind: 'absolute', from: '2020-01-01T00:00:00Z' } })),
      'proposal-unbounded-range',
    );
    records.splice(0);
    refusedProposal(
      await askWith(reply({ ...LINE3_NIGHT, time: { kind: 'last_hours', hours: 1_000_000 } })),
      'proposal-unbounded-range',
    );
    records.splice(0);
    refusedProposal(
      await askWith(
        reply({
          ...LINE3_NIGHT,
          time: { kind: 'absolute', from: '2024-03-01T00:00:00Z', to: '2025-03-01T00:00:00Z' },
        }),
      ),
      'range-too-long',
    );
  });

  it.each<[string, ScriptedReply, string]>([
    [
      'invalid JSON',
      { kind: 'chat', content: '{"translated": true, "query": {"metric": "downtime_min' },
      'invalid-output',
    ],
    ['a timeout', { kind: 'hang' }, 'provider-timeout'],
    ['an uncited reason', reply(LINE3_NIGHT, 'Downtime on line 3.'), 'uncited-claims'],
    [
      'a reason stating a figure',
      reply(LINE3_NIGHT, 'Line 3 lost 7777 minutes [S0].'),
      'unsupported-numbers',
    ],
    [
      'the model declining',
      {
        kind: 'chat',
        content: JSON.stringify({ translated: false, query: null, reason: 'Not a catalogue question [S0].' }),
      },
      'model-declined',
    ],
  ])(
    'falls back to the deterministic parser on %s, and still answers from data',
    async (_name, r, reason) => {
      const a = await askWith(r);
      expect(a).toMatchObject({ answerable: true, translation: 'deterministic', query: LINE3_NIGHT });
      expect(a.translationFallback?.split(',')).toContain(reason);
      expect(a.total?.value).toBe(110);
      expect(records.map((x) => x.useCase)).toEqual(['plant-query-translate']);
      if (reason !== 'model-declined')
        expect(records[0]).toMatchObject({ outcome: 'fallback', deterministic: true });
    },
    15_000,
  );
});
