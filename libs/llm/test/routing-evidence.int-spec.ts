import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLlmSettings } from '../src/config/llm-config';
import { createLlmGateway } from '../src/gateway/create-llm-gateway';
import type { LlmCallRecord } from '../src/gateway/llm-call-record';
import { loadScenarios, type EvalScenario } from '../src/eval/eval-scenario';
import { createRoutingGate, routingFromEvidence } from '../src/eval/routing-evidence';
import type { EvalEngine } from '../src/eval/run-eval';
import { RoutingRegistry } from '../src/routing/routing-file';
import { ScriptedOpenAiServer } from '../src/testing/scripted-openai-server';

const ROOT = join(__dirname, '../../..');
const USE_CASES = ['ncr-triage', 'root-cause'] as const;
const CITATION = /\s*\[S\d+(?:,\s*S\d+)*\]/g;

function withoutCitations(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CITATION, '');
  if (Array.isArray(value)) return value.map(withoutCitations);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutCitations(v)]));
  return value;
}

/**
 * Routing from evidence against the scripted OpenAI-compatible server, whose two models
 * differ on purpose: the large one answers every scenario faithfully; the small one drops
 * its citations on NCR triage (the grounding check refuses it) and answers root cause
 * faithfully. The evidence must route root cause (a reasoning task, large by default) to
 * the small tier and keep NCR triage (classify, small by default) on the large one; the
 * gate must accept that file and refuse one that sends NCR triage to the small tier.
 */
describe('routing from evaluation evidence (scripted tiers)', () => {
  let server: ScriptedOpenAiServer;
  let dir: string;
  const faithful = new Map<string, unknown>();
  const current: { scenario?: EvalScenario } = {};
  const scenarios = loadScenarios(join(ROOT, 'libs/llm/eval/scenarios')).filter((s) =>
    (USE_CASES as readonly string[]).includes(s.useCase),
  );
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const wrap = (engine: EvalEngine): EvalEngine => ({
    generate: (useCase, input, sources, ctx) => {
      current.scenario = byId.get(/^eval:(.+):\d+$/.exec(ctx.correlationId)?.[1] ?? '');
      return engine.generate(useCase, input, sources, ctx);
    },
  });
  const env = (large = 'large-model') => ({
    LLM_PROVIDER: 'openai',
    LLM_BASE_URL: server.baseUrl,
    LLM_API_KEY: 'k',
    LLM_MODEL_SMALL: 'small-model',
    LLM_MODEL_LARGE: large,
    LLM_MAX_RETRIES: '0',
    LLM_BREAKER_FAILURE_THRESHOLD: '100000',
    LLM_ROUTING_DIR: dir,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andon-routing-'));
    const rules = createLlmGateway({ settings: loadLlmSettings({}), baseDir: ROOT, policyEmbeddings: null });
    for (const s of scenarios)
      faithful.set(
        s.id,
        (await rules.generate(s.useCase, s.input, s.sources, { site: s.site, correlationId: 'faithful' }))
          .output,
      );
    server = await ScriptedOpenAiServer.start((req) => {
      const s = current.scenario;
      if (!s) return { kind: 'error', status: 500, message: 'no scenario' };
      const answer = faithful.get(s.id);
      const model = (req.body as { model?: string }).model;
      return {
        kind: 'chat',
        content: JSON.stringify(
          model === 'small-model' && s.useCase === 'ncr-triage' ? withoutCitations(answer) : answer,
        ),
      };
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('routes each use case to the cheapest tier that passes within the margin, activates behind the gate, and the router follows', async () => {
    const { file } = await routingFromEvidence({
      rootDir: ROOT,
      env: env(),
      margin: 0.05,
      useCases: USE_CASES,
      perUseCase: 2,
      wrap,
    });
    expect(file.evidence).toEqual({ small: 'small-model', large: 'large-model', repeats: 1 });
    expect(file.routes['root-cause']).toMatchObject({
      tier: 'small',
      small: { passRate: 1 },
      large: { passRate: 1 },
    });
    expect(file.routes['ncr-triage']).toMatchObject({
      tier: 'large',
      small: { passRate: 0 },
      large: { passRate: 1 },
    });

    const registry = new RoutingRegistry(dir);
    registry.write(file);
    const gateway = createLlmGateway({ settings: loadLlmSettings(env()), baseDir: ROOT });
    const gate = createRoutingGate(wrap(gateway), scenarios);
    const verdict = await gate(registry.load(file.version));
    expect(verdict).toMatchObject({ passed: true });
    registry.activate(file.version, 'development', {
      at: new Date().toISOString(),
      by: 'test',
      gate: { status: 'passed', summary: verdict.summary },
    });

    // A gateway built now routes by the evidence: root cause on the small model, NCR triage on the large one.
    const records: LlmCallRecord[] = [];
    const routed = wrap(
      createLlmGateway({
        settings: loadLlmSettings(env()),
        baseDir: ROOT,
        onCall: (r) => void records.push(r),
      }),
    );
    for (const useCase of USE_CASES) {
      const s = scenarios.find((x) => x.useCase === useCase);
      if (!s) throw new Error(`no ${useCase} scenario`);
      await routed.generate(s.useCase, s.input, s.sources, { site: s.site, correlationId: `eval:${s.id}:0` });
    }
    expect(records.map((r) => [r.useCase, r.model])).toEqual([
      ['ncr-triage', 'large-model'],
      ['root-cause', 'small-model'],
    ]);

    // A file that sends NCR triage to the small tier is refused by the gate.
    const ncr = file.routes['ncr-triage'];
    if (!ncr) throw new Error('no ncr-triage route');
    const forged = {
      ...file,
      version: registry.nextVersion(),
      routes: { ...file.routes, 'ncr-triage': { ...ncr, tier: 'small' as const } },
    };
    registry.write(forged);
    const refused = await gate(registry.load(forged.version));
    expect(refused.passed).toBe(false);
    expect(refused.summary).toMatch(/ncr-triage -> small \(small-model\): refused/);
  }, 300_000);

  it('with no distinct large model, says so and keeps the small tier only where it meets the gate on its own', async () => {
    const { file } = await routingFromEvidence({
      rootDir: ROOT,
      env: env('small-model'),
      margin: 0.05,
      useCases: USE_CASES,
      perUseCase: 1,
      wrap,
    });
    expect(file.evidence.large).toBeNull();
    expect(file.routes['ncr-triage']?.tier).toBe('large');
    expect(file.routes['root-cause']?.tier).toBe('small');
    expect(file.routes['root-cause']?.reason).toMatch(/no large-tier evidence/);
  }, 300_000);
});
