import { mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLlmSettings } from '../config/llm-config';
import { createLlmGateway } from '../gateway/create-llm-gateway';
import { labelSources } from '../gateway/label-sources';
import { PromptRegistry } from '../prompts/prompt-registry';
import { ScriptedOpenAiServer, type ScriptedReply } from '../testing/scripted-openai-server';
import { PROMPTS_DIR, REDACTION_DIR } from '../testing/ncr.fixtures';
import { procedureCatalogue } from '../use-cases/procedure-catalogue';
import { USE_CASE_REGISTRY } from '../use-cases/use-case-registry';
import { createEvalGate } from './eval-gate';
import { renderMarkdown, writeReport } from './eval-report';
import { loadScenarios, type EvalScenario } from './eval-scenario';
import { EXPECTED_REASON, HOSTILE_KINDS, hostileReply } from './hostile-outputs';
import { judge, runEval } from './run-eval';

const scenarios = loadScenarios(join(__dirname, '../../eval/scenarios'));

/** The deterministic engine's answer, used as what a faithful model would reply. */
function faithfulAnswer(s: EvalScenario): unknown {
  const useCase = USE_CASE_REGISTRY[s.useCase];
  const input: unknown = useCase.inputSchema.parse(s.input);
  const labelled = labelSources(useCase, input, s.sources);
  // Steps are selected from the scenario's procedure sources, as the engine and a model must.
  return useCase.deterministic.generate(
    input,
    labelled,
    undefined,
    procedureCatalogue(labelled, { site: s.site, at: Date.now() }),
  );
}

describe('evaluation harness', () => {
  let server: ScriptedOpenAiServer;
  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'script exhausted',
    }));
    // Replies are scripted in order, so a request must never time out before reaching the
    // server: load the provider SDK once here, outside any timed call.
    const first = scenarios[0];
    if (first)
      await modelGateway({ LLM_TIMEOUT_MS: '30000' }).generate(first.useCase, first.input, first.sources, {
        site: first.site,
        correlationId: 'warm-up',
      });
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  const modelGateway = (env: Record<string, string> = {}) =>
    createLlmGateway({
      settings: loadLlmSettings({
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: server.baseUrl,
        LLM_MODEL_SMALL: 's',
        LLM_MODEL_LARGE: 'l',
        LLM_PROMPTS_DIR: PROMPTS_DIR,
        LLM_REDACTION_DIR: REDACTION_DIR,
        ANDON_ENV: 'production',
        LLM_MAX_RETRIES: '0',
        LLM_BREAKER_FAILURE_THRESHOLD: '1000',
        LLM_TIMEOUT_MS: '10000',
        ...env,
      }),
    });

  it('has at least 40 golden scenarios covering every use case', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    expect(new Set(scenarios.map((s) => s.useCase))).toEqual(new Set(Object.keys(USE_CASE_REGISTRY)));
  });

  it('the deterministic engine scores perfectly on every golden scenario', async () => {
    const engine = createLlmGateway({
      settings: loadLlmSettings({ LLM_PROMPTS_DIR: PROMPTS_DIR, LLM_REDACTION_DIR: REDACTION_DIR }),
    });
    const report = await runEval(engine, scenarios, { repeats: 2, label: 'deterministic' });
    expect(
      report.results.filter((r) => r.problems.length).map((r) => `${r.id}: ${r.problems.join('; ')}`),
    ).toEqual([]);
    expect(report.scores).toEqual({
      accuracy: 1,
      hallucinationRate: 0,
      consistency: 1,
      policyAdherence: 1,
      llmAnswerRate: 0,
    });
    expect(judge(report).passed).toBe(true);
    expect(report.fallbackReasons).toEqual({ 'llm-not-configured': 86 });
  });

  it('a model that answers faithfully passes every governance check (no false positives)', async () => {
    server.enqueue(
      ...scenarios.map((s): ScriptedReply => ({ kind: 'chat', content: JSON.stringify(faithfulAnswer(s)) })),
    );
    const report = await runEval(modelGateway(), scenarios, { repeats: 1, label: 'faithful model' });
    expect(
      report.results
        .filter((r) => r.problems.length || r.fallbackReasons.length)
        .map((r) => `${r.id}: ${[...r.problems, ...r.fallbackReasons].join('; ')}`),
    ).toEqual([]);
    expect(report.scores.llmAnswerRate).toBe(1);
    expect(server.chatRequests()).toHaveLength(scenarios.length);
  });

  it('every hostile model output is caught and replaced by the deterministic answer', async () => {
    const kinds = scenarios.map((_, i) => HOSTILE_KINDS[i % HOSTILE_KINDS.length] ?? 'invalid-json');
    server.enqueue(...scenarios.map((s, i) => hostileReply(kinds[i] ?? 'invalid-json', faithfulAnswer(s))));
    // Six of the hostile replies hang; the timeout is short for them but ample for a local answer.
    const report = await runEval(modelGateway({ LLM_TIMEOUT_MS: '750' }), scenarios, {
      repeats: 1,
      label: 'hostile model',
    });
    report.results.forEach((r, i) => {
      const kind = kinds[i] ?? 'invalid-json';
      expect({ id: r.id, kind, llmAnswers: r.llmAnswers, reason: r.fallbackReasons[0]?.split(',') }).toEqual({
        id: r.id,
        kind,
        llmAnswers: 0,
        reason: expect.arrayContaining([EXPECTED_REASON[kind]]),
      });
      expect(r.escapedHallucinations).toBe(0);
    });
    // Caught outputs still count against the model: the gate must refuse this one.
    expect(report.scores.accuracy).toBe(1);
    expect(report.scores.hallucinationRate).toBeGreaterThan(0);
    expect(report.scores.policyAdherence).toBeLessThan(1);
    expect(
      judge(report, {
        minAccuracy: 0.9,
        maxHallucinationRate: 0.05,
        minConsistency: 0.9,
        minPolicyAdherence: 1,
        minLlmAnswerRate: 0.8,
      }).passed,
    ).toBe(false);
  }, 30_000);

  it('writes a Markdown and JSON report', async () => {
    const engine = createLlmGateway({
      settings: loadLlmSettings({ LLM_PROMPTS_DIR: PROMPTS_DIR, LLM_REDACTION_DIR: REDACTION_DIR }),
    });
    const report = await runEval(engine, scenarios.filter((s) => s.useCase === 'ncr-triage').slice(0, 3), {
      repeats: 1,
      label: 'smoke',
    });
    const dir = mkdtempSync(join(tmpdir(), 'andon-eval-'));
    try {
      const paths = writeReport(report, dir);
      expect(readFileSync(paths.markdown, 'utf8')).toContain(
        '| ncr-triage | 3 | 100.0% | 0.0% | 100.0% | 100.0% | 0.0% |',
      );
      expect(JSON.parse(readFileSync(paths.json, 'utf8'))).toMatchObject({
        scenarios: 3,
        verdict: { passed: true },
      });
      expect(renderMarkdown(report)).toContain('Verdict: **PASS**');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gates prompt activation on the evaluation (the gate `andon prompts activate` runs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'andon-gate-'));
    try {
      cpSync(PROMPTS_DIR, dir, { recursive: true });
      const ncr = scenarios.filter((s) => s.useCase === 'ncr-triage');
      const engine = createLlmGateway({
        settings: loadLlmSettings({
          LLM_PROVIDER: 'openai',
          LLM_BASE_URL: server.baseUrl,
          LLM_MODEL_SMALL: 's',
          LLM_PROMPTS_DIR: dir,
          LLM_REDACTION_DIR: REDACTION_DIR,
          ANDON_ENV: 'production',
          LLM_MAX_RETRIES: '0',
          LLM_TIMEOUT_MS: '10000',
        }),
      });
      const gate = createEvalGate(engine, scenarios, {
        minAccuracy: 0.9,
        maxHallucinationRate: 0.05,
        minConsistency: 0.9,
        minPolicyAdherence: 1,
        minLlmAnswerRate: 0.8,
      });

      // Candidate v2 makes the model drop citations: refused.
      server.enqueue(
        ...ncr.flatMap((s) => [
          hostileReply('uncited', faithfulAnswer(s)),
          hostileReply('uncited', faithfulAnswer(s)),
        ]),
      );
      const refused = await gate('ncr-triage', 'v2', 'production');
      expect(refused.passed).toBe(false);
      expect(refused.summary).toMatch(/hallucination/);
      expect(
        server.chatRequests().every((r) => JSON.stringify(r.body).includes('Start from the evidence')),
      ).toBe(true);

      // The same candidate with a faithful model passes.
      server.enqueue(
        ...ncr.flatMap((s) => [
          { kind: 'chat' as const, content: JSON.stringify(faithfulAnswer(s)) },
          { kind: 'chat' as const, content: JSON.stringify(faithfulAnswer(s)) },
        ]),
      );
      const passed = await gate('ncr-triage', 'v2', 'production');
      expect(passed).toMatchObject({
        passed: true,
        summary: expect.stringMatching(/^model: 6 scenarios, accuracy 1.00/),
      });
      expect(new PromptRegistry(dir).activeVersion('ncr-triage', 'production')).toBe('v1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
