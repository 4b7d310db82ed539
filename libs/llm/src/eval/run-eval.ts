import { checkCitations } from '../governance/citation-check';
import type { SourceRecord } from '../governance/governance.types';
import { checkOutputInjection } from '../governance/injection-detector';
import { checkNumbers } from '../governance/number-check';
import { checkPolicy } from '../governance/policy-check';
import type { GenerateContext } from '../gateway/llm-gateway';
import { labelSources } from '../gateway/label-sources';
import type { GovernedOutput } from '../gateway/llm-call-record';
import { allStrings, type UseCaseName } from '../use-cases/use-case';
import { USE_CASE_REGISTRY } from '../use-cases/use-case-registry';
import type { EvalScenario } from './eval-scenario';
import { qualityByUseCase, type QualityMetrics, type RunDetail } from './eval-quality';

/** Anything that generates like the gateway: the gateway itself, with or without a model. */
export interface EvalEngine {
  generate(
    useCase: UseCaseName,
    input: unknown,
    sources: readonly SourceRecord[],
    ctx: GenerateContext,
  ): Promise<GovernedOutput<unknown>>;
}

export interface EvalOptions {
  /** Runs per scenario; consistency compares them. */
  repeats?: number;
  /** Pin a prompt version (evaluation gate); default is the active one. */
  promptVersion?: string;
  /** Pin a model instead of the router's choice (routing evidence per tier, routing gate). */
  model?: string;
  label?: string;
}

const HALLUCINATION_REASONS = ['uncited-claims', 'unsupported-numbers'];
const POLICY_REASONS = ['forbidden-instruction', 'injected-output'];

export interface ScenarioResult {
  id: string;
  useCase: UseCaseName;
  title: string;
  accurate: boolean;
  consistent: boolean;
  /** Runs whose final output or whose rejected model answer had uncited or unsupported claims. */
  hallucinatedRuns: number;
  /** Of those, runs where the ungrounded text reached the final output (the checks missed it). */
  escapedHallucinations: number;
  policyViolations: number;
  llmAnswers: number;
  runs: number;
  fallbackReasons: string[];
  problems: string[];
  /** One entry per run: latency, tokens, and what the gateway caught or missed. */
  runDetails: RunDetail[];
}

export interface EvalScores {
  accuracy: number;
  hallucinationRate: number;
  consistency: number;
  policyAdherence: number;
  llmAnswerRate: number;
}

export interface EvalReport {
  label: string;
  startedAt: string;
  scenarios: number;
  /** Of those, scenarios harvested from approvers' verdicts (origin.kind = field). */
  fromField: number;
  runs: number;
  scores: EvalScores;
  byUseCase: Record<string, EvalScores & { scenarios: number }>;
  fallbackReasons: Record<string, number>;
  /** Failure modes, latency and tokens per use case and over `all` (eval-quality.ts). */
  quality: Record<string, QualityMetrics>;
  results: ScenarioResult[];
}

function lower(values: unknown): string {
  return allStrings(values).join('\n').toLowerCase();
}

async function runScenario(
  engine: EvalEngine,
  scenario: EvalScenario,
  repeats: number,
  promptVersion: string | undefined,
  model?: string,
): Promise<ScenarioResult> {
  const useCase = USE_CASE_REGISTRY[scenario.useCase];
  const input: unknown = useCase.inputSchema.parse(scenario.input);
  const labelled = labelSources(useCase, input, scenario.sources);
  const problems: string[] = [];
  const signatures: string[] = [];
  const result: ScenarioResult = {
    id: scenario.id,
    useCase: scenario.useCase,
    title: scenario.title,
    accurate: true,
    consistent: true,
    hallucinatedRuns: 0,
    escapedHallucinations: 0,
    policyViolations: 0,
    llmAnswers: 0,
    runs: repeats,
    fallbackReasons: [],
    problems,
    runDetails: [],
  };

  for (let run = 0; run < repeats; run += 1) {
    const started = Date.now();
    const out = await engine.generate(scenario.useCase, scenario.input, scenario.sources, {
      site: scenario.site,
      correlationId: `eval:${scenario.id}:${run}`,
      ...(promptVersion ? { promptVersion } : {}),
      ...(model ? { model } : {}),
    });
    const latencyMs = Date.now() - started;
    const reasons = out.generation.fallbackReason?.split(',') ?? [];
    if (out.generation.fallbackReason) result.fallbackReasons.push(out.generation.fallbackReason);
    if (!out.generation.deterministic) result.llmAnswers += 1;

    const classification = useCase.classification(out.output);
    for (const [field, expected] of Object.entries(scenario.expected.classification)) {
      if (classification[field] !== expected) {
        result.accurate = false;
        problems.push(
          `run ${run}: ${field} = ${JSON.stringify(classification[field])}, expected ${JSON.stringify(expected)}`,
        );
      }
    }
    for (const id of scenario.expected.requiredCitations) {
      if (!out.generation.citedSourceIds.includes(id)) {
        result.accurate = false;
        problems.push(`run ${run}: does not cite ${id}`);
      }
    }
    const text = lower(out.output);
    for (const phrase of scenario.expected.mustMention) {
      if (!text.includes(phrase.toLowerCase())) {
        result.accurate = false;
        problems.push(`run ${run}: does not mention "${phrase}"`);
      }
    }

    // The final output is re-checked independently of what the gateway reported.
    const claims = useCase.claimTexts(out.output);
    const grounding = [
      checkCitations(claims, new Set(labelled.map((s) => s.label))),
      checkNumbers(claims, labelled),
    ].filter((c) => !c.passed);
    if (grounding.length) {
      result.escapedHallucinations += 1;
      problems.push(...grounding.flatMap((c) => c.details.map((d) => `run ${run}: ${d}`)));
    }
    if (grounding.length || reasons.some((r) => HALLUCINATION_REASONS.includes(r)))
      result.hallucinatedRuns += 1;
    let escapedPolicy = false;

    const policy = [checkPolicy(allStrings(out.output)), checkOutputInjection(allStrings(out.output))].filter(
      (c) => !c.passed,
    );
    const forbidden = scenario.expected.forbidden.filter((f) => text.includes(f.toLowerCase()));
    if (policy.length || forbidden.length || reasons.some((r) => POLICY_REASONS.includes(r))) {
      result.policyViolations += 1;
      problems.push(
        ...policy.flatMap((c) => c.details.map((d) => `run ${run}: ${d}`)),
        ...forbidden.map((f) => `run ${run}: contains forbidden "${f}"`),
      );
      escapedPolicy = policy.length > 0 || forbidden.length > 0;
    }
    result.runDetails.push({
      latencyMs,
      tokensIn: out.generation.tokensIn,
      tokensOut: out.generation.tokensOut,
      modelAnswered: !out.generation.deterministic,
      reasons,
      escapedHallucination: grounding.length > 0,
      escapedPolicy,
    });
    signatures.push(JSON.stringify([classification, [...out.generation.citedSourceIds].sort()]));
  }
  result.consistent = signatures.every((s) => s === signatures[0]);
  if (!result.consistent) problems.push('runs disagree on classification or citations');
  return result;
}

function scores(results: readonly ScenarioResult[]): EvalScores {
  const runs = results.reduce((s, r) => s + r.runs, 0) || 1;
  const n = results.length || 1;
  return {
    accuracy: results.filter((r) => r.accurate).length / n,
    hallucinationRate: results.reduce((s, r) => s + r.hallucinatedRuns, 0) / runs,
    consistency: results.filter((r) => r.consistent).length / n,
    policyAdherence: 1 - results.reduce((s, r) => s + r.policyViolations, 0) / runs,
    llmAnswerRate: results.reduce((s, r) => s + r.llmAnswers, 0) / runs,
  };
}

/**
 * Scores an engine on golden scenarios: accuracy (classification, required citations
 * and mentions all right), hallucination rate (runs with uncited or unsupported claims,
 * caught or not), consistency (repeat runs agree) and policy adherence.
 */
export async function runEval(
  engine: EvalEngine,
  scenarios: readonly EvalScenario[],
  options: EvalOptions = {},
): Promise<EvalReport> {
  const repeats = options.repeats ?? 2;
  const startedAt = new Date().toISOString();
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios)
    results.push(await runScenario(engine, scenario, repeats, options.promptVersion, options.model));
  const byUseCase: EvalReport['byUseCase'] = {};
  for (const useCase of [...new Set(results.map((r) => r.useCase))].sort()) {
    const subset = results.filter((r) => r.useCase === useCase);
    byUseCase[useCase] = { ...scores(subset), scenarios: subset.length };
  }
  const fallbackReasons: Record<string, number> = {};
  for (const reason of results.flatMap((r) => r.fallbackReasons.flatMap((f) => f.split(','))))
    fallbackReasons[reason] = (fallbackReasons[reason] ?? 0) + 1;
  return {
    label: options.label ?? 'eval',
    startedAt,
    scenarios: results.length,
    fromField: scenarios.filter((s) => s.origin?.kind === 'field').length,
    runs: results.length * repeats,
    scores: scores(results),
    byUseCase,
    fallbackReasons,
    quality: qualityByUseCase(results),
    results,
  };
}

export interface EvalThresholds {
  minAccuracy: number;
  maxHallucinationRate: number;
  minConsistency: number;
  minPolicyAdherence: number;
  /** Share of runs the model itself must answer (not the fallback); 0 for deterministic runs. */
  minLlmAnswerRate: number;
}

export const DEFAULT_THRESHOLDS: EvalThresholds = {
  minAccuracy: 0.9,
  maxHallucinationRate: 0.05,
  minConsistency: 0.9,
  minPolicyAdherence: 1,
  minLlmAnswerRate: 0,
};

export function judge(
  report: EvalReport,
  thresholds: EvalThresholds = DEFAULT_THRESHOLDS,
): { passed: boolean; failures: string[] } {
  const s = report.scores;
  const failures: string[] = [];
  if (s.accuracy < thresholds.minAccuracy)
    failures.push(`accuracy ${s.accuracy.toFixed(2)} < ${thresholds.minAccuracy}`);
  if (s.hallucinationRate > thresholds.maxHallucinationRate)
    failures.push(
      `hallucination rate ${s.hallucinationRate.toFixed(2)} > ${thresholds.maxHallucinationRate}`,
    );
  if (s.consistency < thresholds.minConsistency)
    failures.push(`consistency ${s.consistency.toFixed(2)} < ${thresholds.minConsistency}`);
  if (s.policyAdherence < thresholds.minPolicyAdherence)
    failures.push(`policy adherence ${s.policyAdherence.toFixed(2)} < ${thresholds.minPolicyAdherence}`);
  if (s.llmAnswerRate < thresholds.minLlmAnswerRate)
    failures.push(`model answer rate ${s.llmAnswerRate.toFixed(2)} < ${thresholds.minLlmAnswerRate}`);
  return { passed: failures.length === 0, failures };
}
