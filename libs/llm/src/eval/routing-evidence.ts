import { isAbsolute, resolve } from 'node:path';
import type { Tier } from '../config/llm-config';
import { loadLlmSettings } from '../config/llm-config';
import { createLlmGateway } from '../gateway/create-llm-gateway';
import {
  decideRoute,
  RoutingRegistry,
  type RoutingFile,
  type RoutingThresholds,
  type TierScore,
} from '../routing/routing-file';
import type { UseCaseName } from '../use-cases/use-case';
import type { GateResult } from './activation-gate';
import { loadScenarios, type EvalScenario } from './eval-scenario';
import { selectScenarios } from './eval-command';
import {
  DEFAULT_THRESHOLDS,
  judge,
  runEval,
  type EvalEngine,
  type EvalReport,
  type EvalThresholds,
} from './run-eval';

/** Per use case: how one tier did, counting a scenario as passed only when the model itself got every run right. */
export function tierScores(report: EvalReport, model: string): Partial<Record<UseCaseName, TierScore>> {
  const out: Partial<Record<UseCaseName, TierScore>> = {};
  for (const [useCase, s] of Object.entries(report.byUseCase) as Array<
    [UseCaseName, EvalReport['byUseCase'][string]]
  >) {
    const results = report.results.filter((r) => r.useCase === useCase);
    const passed = results.filter((r) => r.accurate && r.llmAnswers === r.runs).length;
    out[useCase] = {
      model,
      scenarios: results.length,
      passRate: results.length ? passed / results.length : 0,
      hallucinationRate: s.hallucinationRate,
      policyAdherence: s.policyAdherence,
    };
  }
  return out;
}

export interface RoutingEvidenceOptions {
  rootDir: string;
  env: Record<string, string | undefined>;
  /** How far below the large tier's pass rate the small tier may be and still take a use case. */
  margin: number;
  repeats?: number;
  useCases?: readonly UseCaseName[];
  perUseCase?: number;
  thresholds?: EvalThresholds;
  progress?: (line: string) => void;
  /** Wraps the gateway the scenarios run on (a bench or test that needs to see each call). */
  wrap?: (engine: EvalEngine) => EvalEngine;
}

/**
 * Runs the golden scenarios on the small tier and, when a distinct large model is
 * configured, on the large tier (each pinned, same gateway, same run) and decides the
 * tier per use case. Returns the routing file to write; nothing is activated here.
 */
export async function routingFromEvidence(
  options: RoutingEvidenceOptions,
): Promise<{ file: RoutingFile; small: EvalReport; large?: EvalReport }> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(options.rootDir, p));
  const settings = loadLlmSettings(options.env);
  if (!settings.provider)
    throw new Error('routing from evidence needs a model (LLM_PROVIDER and LLM_MODEL_SMALL/LARGE)');
  const { small: smallModel, large: largeModel } = settings.provider.models;
  const scenarios = selectScenarios(
    loadScenarios(at('libs/llm/eval/scenarios')),
    options.useCases,
    options.perUseCase,
  );
  const gateway: EvalEngine = createLlmGateway({ settings, baseDir: options.rootDir });
  const engine = options.wrap ? options.wrap(gateway) : gateway;
  const repeats = options.repeats ?? 1;
  const run = (model: string, tier: Tier) => {
    options.progress?.(`${tier} tier (${model}): ${scenarios.length} scenarios x ${repeats}`);
    return runEval(engine, scenarios, { repeats, model, label: `${tier} tier (${model})` });
  };
  const small = await run(smallModel, 'small');
  const large = largeModel !== smallModel ? await run(largeModel, 'large') : undefined;
  const t = options.thresholds ?? DEFAULT_THRESHOLDS;
  const thresholds: RoutingThresholds = {
    minAccuracy: t.minAccuracy,
    maxHallucinationRate: t.maxHallucinationRate,
    minPolicyAdherence: t.minPolicyAdherence,
  };
  const smallScores = tierScores(small, smallModel);
  const largeScores = large ? tierScores(large, largeModel) : {};
  const routes: RoutingFile['routes'] = {};
  for (const [useCase, score] of Object.entries(smallScores) as Array<[UseCaseName, TierScore]>) {
    const l = largeScores[useCase];
    routes[useCase] = {
      ...decideRoute(score, l, options.margin, thresholds),
      small: score,
      ...(l ? { large: l } : {}),
    };
  }
  const registry = new RoutingRegistry(at(settings.routingDir));
  const file: RoutingFile = {
    version: registry.nextVersion(),
    createdAt: new Date().toISOString(),
    margin: options.margin,
    evidence: { small: smallModel, large: large ? largeModel : null, repeats },
    routes,
  };
  return { file, small, ...(large ? { large } : {}) };
}

/**
 * The activation gate for a routing file, the prompts' gate applied per routed use case:
 * every use case the file sends to the small tier runs its golden scenarios with that
 * model pinned and must meet the same thresholds (`judge`); large-tier routes change
 * nothing the prompt gate has not already judged.
 */
export function createRoutingGate(
  engine: EvalEngine,
  scenarios: readonly EvalScenario[],
  thresholds: EvalThresholds = DEFAULT_THRESHOLDS,
): (file: RoutingFile) => Promise<GateResult> {
  return async (file) => {
    const lines: string[] = [];
    let passed = true;
    for (const [useCase, route] of Object.entries(file.routes) as Array<
      [UseCaseName, RoutingFile['routes'][UseCaseName]]
    >) {
      if (!route || route.tier !== 'small') continue;
      const subset = scenarios.filter((s) => s.useCase === useCase);
      if (subset.length === 0) {
        passed = false;
        lines.push(`${useCase}: no golden scenarios`);
        continue;
      }
      const report = await runEval(engine, subset, {
        repeats: 1,
        model: file.evidence.small,
        label: `${useCase} on ${file.evidence.small}`,
      });
      const verdict = judge(report, thresholds);
      if (!verdict.passed) passed = false;
      lines.push(
        `${useCase} -> small (${file.evidence.small}): ${verdict.passed ? 'passed' : `refused: ${verdict.failures.join('; ')}`}`,
      );
    }
    return { passed, summary: lines.join('; ') || 'no use case routed to the small tier: nothing to judge' };
  };
}
