import type { Metrics } from '@andon/observability';

export interface CallMetric {
  useCase: string;
  tier: string;
  model: string;
  provider: string;
  outcome: 'ok' | 'fallback' | 'deterministic' | 'refused';
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  fallbackReason?: string | undefined;
}

/** Prometheus series of the gateway, labelled by use case, tier and model. */
export class LlmMetrics {
  private readonly calls;
  private readonly tokens;
  private readonly cost;
  private readonly fallbacks;
  private readonly latency;
  private readonly injections;
  private readonly budgetUsed;
  private readonly budgetLimit;

  constructor(metrics: Metrics) {
    this.calls = metrics.counter('andon_llm_calls_total', 'Gateway generations by outcome', [
      'use_case',
      'tier',
      'model',
      'provider',
      'outcome',
    ]);
    this.tokens = metrics.counter('andon_llm_tokens_total', 'Tokens sent to and received from models', [
      'use_case',
      'tier',
      'model',
      'direction',
    ]);
    this.cost = metrics.counter(
      'andon_llm_cost_usd_total',
      'Model cost in USD from the configured price table',
      ['use_case', 'tier', 'model'],
    );
    this.fallbacks = metrics.counter(
      'andon_llm_fallbacks_total',
      'Outputs replaced by the deterministic engine',
      ['use_case', 'tier', 'model', 'reason'],
    );
    this.latency = metrics.histogram(
      'andon_llm_latency_seconds',
      'Provider latency per generation',
      ['use_case', 'tier', 'model'],
      [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    );
    this.injections = metrics.counter(
      'andon_llm_injection_findings_total',
      'Prompt-injection patterns found in untrusted input',
      ['use_case'],
    );
    this.budgetUsed = metrics.gauge(
      'andon_llm_budget_used_tokens',
      "Tokens counted against the site's daily budget today; every service sharing the store reports the same figure, so aggregate with max",
      ['site'],
    );
    this.budgetLimit = metrics.gauge('andon_llm_budget_limit_tokens', "The site's daily token budget", [
      'site',
    ]);
  }

  budget(site: string, used: number, limit: number): void {
    this.budgetUsed.set({ site }, used);
    this.budgetLimit.set({ site }, limit);
  }

  observe(call: CallMetric): void {
    const base = { use_case: call.useCase, tier: call.tier, model: call.model };
    this.calls.inc({ ...base, provider: call.provider, outcome: call.outcome });
    if (call.tokensIn > 0) this.tokens.inc({ ...base, direction: 'in' }, call.tokensIn);
    if (call.tokensOut > 0) this.tokens.inc({ ...base, direction: 'out' }, call.tokensOut);
    if (call.costUsd > 0) this.cost.inc(base, call.costUsd);
    if (call.fallbackReason) this.fallbacks.inc({ ...base, reason: call.fallbackReason });
    if (call.latencyMs > 0) this.latency.observe(base, call.latencyMs / 1000);
  }

  injectionFindings(useCase: string, count: number): void {
    if (count > 0) this.injections.inc({ use_case: useCase }, count);
  }
}
