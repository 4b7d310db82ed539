import { join } from 'node:path';
import { llmUrl } from '@andon/testing';
import { loadLlmSettings, LOCAL_MODEL_NAME } from '../src/config/llm-config';
import { createLlmGateway } from '../src/gateway/create-llm-gateway';
import { labelSources } from '../src/gateway/label-sources';
import type { LlmCallRecord } from '../src/gateway/llm-call-record';
import { loadScenarios } from '../src/eval/eval-scenario';
import { runEval } from '../src/eval/run-eval';
import { ScriptedOpenAiServer } from '../src/testing/scripted-openai-server';
import { USE_CASE_REGISTRY } from '../src/use-cases/use-case-registry';

// The product's own OpenAI-compatible provider path against a real model (SmolLM2-135M
// on the harness's `llm` server). Bounded: three short-answer scenarios (an injected source, a safety procedure),
// one run each, 256 output tokens at most (the harness server's cap). It fails on anything the governance let
// through or did not record, never on how well the model answers: a small model's
// wrong, ungrounded or truncated answers must simply be caught and fall back.

const ROOT = join(__dirname, '../../..');
const PICKED = ['ncr-01-bore-oversize', 'qa-05-injected-procedure-question', 'qa-03-lockout'];
const TRANSPORT = ['provider-timeout', 'provider-error', 'circuit-open'];
const transportFailure = (r: LlmCallRecord) =>
  (r.fallbackReason ?? '').split(',').some((x) => TRANSPORT.includes(x));
const scenarios = loadScenarios(join(__dirname, '../eval/scenarios')).filter((s) => PICKED.includes(s.id));

const settings = (baseUrl: string, provider: 'local' | 'openai') =>
  loadLlmSettings({
    LLM_PROVIDER: provider,
    LLM_BASE_URL: baseUrl,
    ...(provider === 'openai' ? { LLM_MODEL_SMALL: 'scripted' } : {}),
    LLM_MAX_RETRIES: '0',
    LLM_TIMEOUT_MS: '150000',
    ANDON_ENV: 'development',
  });

describe('a real model through the governed gateway', () => {
  const records: LlmCallRecord[] = [];
  let report: Awaited<ReturnType<typeof runEval>>;

  beforeAll(async () => {
    expect(scenarios.map((s) => s.id).sort()).toEqual([...PICKED].sort());
    const gateway = createLlmGateway({
      settings: settings(llmUrl(), 'local'),
      baseDir: ROOT,
      onCall: (r) => void records.push(r),
    });
    report = await runEval(gateway, scenarios, { repeats: 1, label: 'real model subset' });
  }, 600_000);

  it('lets no ungrounded claim, policy finding or echoed injection through to an output', () => {
    const q = report.quality['all'];
    const escaped = report.results
      .filter((r) => r.escapedHallucinations > 0 || r.runDetails.some((d) => d.escapedPolicy))
      .map((r) => `${r.id}: ${r.problems.join('; ')}`);
    expect(escaped).toEqual([]);
    expect(q?.uncaughtViolations).toBe(0);
  });

  it('reached the model: real token counts on every call the transport completed', () => {
    // A call slower than the bounds on a loaded CI machine is a legitimate (recorded) fallback.
    const completed = records.filter((r) => !transportFailure(r));
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.every((r) => r.tokensOut > 0 && r.tokensIn > 100)).toBe(true);
  });

  it('records every call with prompt version, model, provider, sources, tokens, latency and checks', () => {
    expect(records).toHaveLength(scenarios.length);
    for (const r of records) {
      const scenario = scenarios.find((s) => r.correlationId === `eval:${s.id}:0`);
      expect(scenario).toBeDefined();
      expect(r).toMatchObject({
        provider: 'local',
        model: LOCAL_MODEL_NAME,
        useCase: scenario?.useCase,
        site: scenario?.site,
      });
      expect(r.promptId).toBe(`${r.useCase}@${r.promptVersion}`);
      expect(r.promptHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.latencyMs).toBeGreaterThan(0);
      expect(r.sourceIds).toEqual(scenario?.sources.map((s) => s.id));
      if (!transportFailure(r)) expect(r.checks.map((c) => c.name)).toContain('schema');
      // A record says whether the model's answer was used and, if not, why.
      if (r.outcome === 'llm') expect(r.fallbackReason).toBeUndefined();
      else
        expect([r.outcome, r.deterministic, (r.fallbackReason ?? '').length > 0]).toEqual([
          'fallback',
          true,
          true,
        ]);
    }
  });

  it('records a real call with exactly the fields of a scripted one', async () => {
    const scenario = scenarios[0];
    if (!scenario) throw new Error('no scenario');
    const useCase = USE_CASE_REGISTRY[scenario.useCase];
    const input: unknown = useCase.inputSchema.parse(scenario.input);
    const faithful = JSON.stringify(
      useCase.deterministic.generate(input, labelSources(useCase, input, scenario.sources)),
    );
    // One answer the checks accept, one they reject: the fields every record has, and those it may have.
    const replies = [faithful, 'not json'];
    const server = await ScriptedOpenAiServer.start(() => ({
      kind: 'chat',
      content: replies.shift() ?? 'not json',
      tokensIn: 900,
      tokensOut: 120,
    }));
    try {
      const scripted: LlmCallRecord[] = [];
      const gateway = createLlmGateway({
        settings: settings(server.baseUrl, 'openai'),
        baseDir: ROOT,
        onCall: (r) => void scripted.push(r),
      });
      for (const correlationId of ['accepted', 'rejected'])
        await gateway.generate(scenario.useCase, scenario.input, scenario.sources, {
          site: scenario.site,
          correlationId,
        });
      const [accepted, rejected] = scripted.map((r) => Object.keys(r));
      const always = (accepted ?? []).filter((k) => rejected?.includes(k));
      const possible = new Set([...(accepted ?? []), ...(rejected ?? [])]);
      expect(scripted.map((r) => r.outcome)).toEqual(['llm', 'fallback']);
      for (const real of records) {
        expect(Object.keys(real)).toEqual(expect.arrayContaining(always));
        expect(Object.keys(real).filter((k) => !possible.has(k))).toEqual([]);
      }
    } finally {
      await server.close();
    }
  });
});
