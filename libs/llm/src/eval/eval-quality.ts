import type { UseCaseName } from '../use-cases/use-case';

/** What one run of one scenario cost and how the gateway judged it. */
export interface RunDetail {
  /** Wall time to the governed answer (model call, checks and any fallback). */
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  /** The model's answer was used (not the deterministic engine). */
  modelAnswered: boolean;
  /** Fallback reasons, empty when the model's answer was used. */
  reasons: string[];
  /** The final output still had ungrounded claims (the checks missed them). */
  escapedHallucination: boolean;
  /** The final output still had a policy finding, an echoed injection or forbidden content. */
  escapedPolicy: boolean;
}

/**
 * Beside the headline scores: how a model fails. Rates are shares of runs. Counts of
 * what the gateway caught (schema, numbers, policy) and of what it did not (uncaught:
 * must be 0 whatever the model).
 */
export interface QualityMetrics {
  runs: number;
  modelAnswers: number;
  fallbackRate: number;
  schemaFailures: number;
  numberErrors: number;
  uncitedClaims: number;
  policyCaught: number;
  providerFailures: number;
  uncaughtViolations: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  tokensIn: number;
  tokensOut: number;
}

const PROVIDER_REASONS = ['provider-timeout', 'provider-error', 'circuit-open'];

/** Nearest-rank percentile (p in 0..100) of the values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

export function qualityOf(runs: readonly RunDetail[]): QualityMetrics {
  const has = (r: RunDetail, ...reasons: string[]) => r.reasons.some((x) => reasons.includes(x));
  const latencies = runs.map((r) => r.latencyMs);
  return {
    runs: runs.length,
    modelAnswers: runs.filter((r) => r.modelAnswered).length,
    fallbackRate: runs.length ? runs.filter((r) => !r.modelAnswered).length / runs.length : 0,
    schemaFailures: runs.filter((r) => has(r, 'invalid-output')).length,
    numberErrors: runs.filter((r) => has(r, 'unsupported-numbers')).length,
    uncitedClaims: runs.filter((r) => has(r, 'uncited-claims')).length,
    policyCaught: runs.filter((r) => has(r, 'forbidden-instruction', 'injected-output')).length,
    providerFailures: runs.filter((r) => has(r, ...PROVIDER_REASONS)).length,
    uncaughtViolations: runs.filter((r) => r.escapedHallucination || r.escapedPolicy).length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    tokensIn: runs.reduce((s, r) => s + r.tokensIn, 0),
    tokensOut: runs.reduce((s, r) => s + r.tokensOut, 0),
  };
}

/** Quality per use case and over all runs (`all`). */
export function qualityByUseCase(
  results: ReadonlyArray<{ useCase: UseCaseName; runDetails: readonly RunDetail[] }>,
): Record<string, QualityMetrics> {
  const out: Record<string, QualityMetrics> = {};
  for (const useCase of [...new Set(results.map((r) => r.useCase))].sort()) {
    out[useCase] = qualityOf(results.filter((r) => r.useCase === useCase).flatMap((r) => r.runDetails));
  }
  out['all'] = qualityOf(results.flatMap((r) => r.runDetails));
  return out;
}
