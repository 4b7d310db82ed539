import type { ActivationGate } from './activation-gate';
import type { UseCaseName } from '../use-cases/use-case';
import type { EvalScenario } from './eval-scenario';
import { DEFAULT_THRESHOLDS, judge, runEval, type EvalEngine, type EvalThresholds } from './run-eval';

/**
 * The activation gate for `andon prompts activate`: runs the use case's golden
 * scenarios with the candidate prompt version pinned and refuses below the thresholds.
 * With no model configured the engine answers deterministically and the gate measures
 * the fallback, which the summary says.
 */
export function createEvalGate(
  engine: EvalEngine & { llmConfigured?: boolean },
  scenarios: readonly EvalScenario[],
  thresholds: EvalThresholds = DEFAULT_THRESHOLDS,
): ActivationGate {
  return async (useCase, version) => {
    const subset = scenarios.filter((s) => s.useCase === (useCase as UseCaseName));
    if (subset.length === 0) return { passed: false, summary: `no golden scenarios for ${useCase}` };
    const report = await runEval(engine, subset, { promptVersion: version, label: `${useCase}@${version}` });
    const verdict = judge(report, thresholds);
    const s = report.scores;
    const mode = engine.llmConfigured === false ? 'deterministic engine only' : 'model';
    return {
      passed: verdict.passed,
      summary: `${mode}: ${subset.length} scenarios, accuracy ${s.accuracy.toFixed(2)}, hallucination ${s.hallucinationRate.toFixed(2)}, consistency ${s.consistency.toFixed(2)}, policy ${s.policyAdherence.toFixed(2)}${verdict.failures.length ? ` — ${verdict.failures.join('; ')}` : ''}`,
    };
  };
}
