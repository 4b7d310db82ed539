import { randomUUID } from 'node:crypto';
import { genAiChatSpan } from '@andon/observability';
import { checkCitations } from '../governance/citation-check';
import type { CheckResult, SourceRecord } from '../governance/governance.types';
import { parseStructuredOutput } from '../governance/output-parser';
import { SemanticGovernance } from '../governance/semantic/semantic-governance';
import { estimateTokens } from '../providers/langchain-chat.adapter';
import type { ResilientChatClient, ResilientCompletion } from '../providers/resilient-chat-client';
import { PromptFormatError, type PromptFile } from '../prompts/prompt-file';
import { PromptIntegrityError, PromptNotFoundError, type PromptRegistry } from '../prompts/prompt-registry';
import { RedactionMap, type Redactor } from '../redaction/redactor';
import { CircuitOpenError, ProviderTimeoutError } from '../resilience/errors';
import type { LlmMetrics } from '../routing/llm-metrics';
import type { ModelRouter } from '../routing/model-router';
import {
  TokenBudgetExhaustedError,
  TokenBudgetUnavailableError,
  type DailyTokenBudget,
} from '../routing/token-budget';
import { procedureCatalogue, resolveSteps } from '../use-cases/procedure-catalogue';
import { INPUT_LABEL, type AnyUseCase, type UseCaseName } from '../use-cases/use-case';
import { labelSources } from './label-sources';
import { USE_CASE_REGISTRY } from '../use-cases/use-case-registry';
import type {
  FallbackReason,
  GenerationInfo,
  GovernedOutput,
  LlmCallRecord,
  LlmCallSink,
} from './llm-call-record';
import { buildMessages, outputJsonSchema } from './message-builder';
import { scanUntrusted } from './untrusted-scan';
import { captureCall } from './capture-call';
import { deterministicAttempt, type Attempt } from './attempt';
import { checkOutput } from './output-checks';
import type { GenerationParameters, LlmCallCaptureStore } from '../replay/call-capture';

export interface GenerateContext {
  site: string;
  correlationId: string;
  /** Pin a prompt version instead of the environment's active one (evaluation gate, replay). */
  promptVersion?: string;
  /** Pin a model instead of the router's choice (replay under the recorded model). */
  model?: string;
}

export interface LlmGatewayDeps {
  environment: string;
  maxOutputTokens: number;
  budgetPolicy: 'fallback' | 'refuse';
  prompts: PromptRegistry;
  redactorFor: (site: string) => Redactor;
  budget: DailyTokenBudget;
  /** Both undefined when no model is configured: every use case answers deterministically. */
  chat?: ResilientChatClient | undefined;
  router?: ModelRouter | undefined;
  metrics?: LlmMetrics | undefined;
  onCall?: LlmCallSink | undefined;
  /** The semantic checks (forbidden intents by meaning, support, echoes); rules only when absent. */
  semantic?: SemanticGovernance | undefined;
  /** Where each call's request and output are kept for decision replay (replay/call-capture.ts). */
  captures?: LlmCallCaptureStore | undefined;
  /** The provider sends the output's JSON Schema (grammar); recorded with the parameters. */
  sendsJsonSchema?: boolean | undefined;
  now?: () => number;
}

export class InvalidUseCaseInputError extends Error {
  constructor(
    readonly useCase: string,
    readonly problems: string[],
  ) {
    super(`invalid ${useCase} input: ${problems.join('; ')}`);
    this.name = 'InvalidUseCaseInputError';
  }
}

/**
 * The only way a service talks to a model. Redacts, routes, calls the provider under
 * timeout/retry/breaker/budget, validates and checks the answer, and falls back to the
 * deterministic engine with the reason when anything fails.
 */
export class LlmGateway {
  private readonly now: () => number;

  constructor(private readonly deps: LlmGatewayDeps) {
    this.now = deps.now ?? Date.now;
  }

  get llmConfigured(): boolean {
    return this.deps.chat !== undefined && this.deps.router !== undefined;
  }

  async generate<O = unknown>(
    useCaseName: UseCaseName,
    rawInput: unknown,
    retrieved: readonly SourceRecord[],
    ctx: GenerateContext,
  ): Promise<GovernedOutput<O>> {
    const useCase: AnyUseCase = USE_CASE_REGISTRY[useCaseName];
    const parsedInput = useCase.inputSchema.safeParse(rawInput);
    if (!parsedInput.success)
      throw new InvalidUseCaseInputError(
        useCaseName,
        parsedInput.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    const input: unknown = parsedInput.data;
    const sources = labelSources(useCase, input, retrieved);
    // Redaction first, even on the deterministic path: check details and records are built from redacted text only.
    const map = new RedactionMap();
    const redactor = this.deps.redactorFor(ctx.site);
    const redacted = sources.map((s) => redactor.redactDeep(s, map));
    const semantic = this.deps.semantic ?? RULES_ONLY;
    const { injection, flaggedByLabel, flags } = await scanUntrusted(redacted, semantic);
    // The steps this call may recommend: usable steps of approved revisions in force now, for this site.
    const procedures = procedureCatalogue(sources, { site: ctx.site, at: this.now(), flaggedByLabel });
    const deterministicOutput = () => useCase.deterministic.generate(input, sources, flags, procedures) as O;
    this.deps.metrics?.injectionFindings(useCaseName, injection.findings.length);
    const checks: CheckResult[] = [injection];
    const retrievedIds = sources.filter((s) => s.label !== INPUT_LABEL).map((s) => s.id);
    // Set once the model is asked; what finish() records (none for a deterministic answer).
    const asked: { parameters?: GenerationParameters } = {};

    const finish = async (
      output: O,
      attempt: Attempt,
      outcome: LlmCallRecord['outcome'],
      reason: FallbackReason[] | undefined,
      cited: string[],
      scores?: OutputScores,
    ): Promise<GovernedOutput<O>> => {
      const citations = Object.fromEntries(
        sources.filter((s) => cited.includes(s.label)).map((s) => [s.label, s.id]),
      );
      const generation: GenerationInfo = {
        ...attempt,
        sourceIds: retrievedIds,
        citedSourceIds: sources
          .filter((s) => cited.includes(s.label) && s.label !== INPUT_LABEL)
          .map((s) => s.id),
        citations,
        deterministic: outcome !== 'llm',
        ...(reason && reason.length ? { fallbackReason: reason.join(','), fallbackReasons: reason } : {}),
        inputFlagged: injection.findings.length > 0,
        injectionKinds: [...new Set(injection.findings.map((f) => f.kind))],
        semanticChecks: semantic.semantic,
        ...(scores ? scores : {}),
      };
      this.deps.metrics?.observe({
        useCase: useCaseName,
        tier: attempt.tier,
        model: attempt.model,
        provider: attempt.provider,
        outcome: outcome === 'llm' ? 'ok' : outcome,
        tokensIn: attempt.tokensIn,
        tokensOut: attempt.tokensOut,
        costUsd: attempt.costUsd,
        latencyMs: attempt.latencyMs,
        fallbackReason: generation.fallbackReason,
      });
      const record: LlmCallRecord = {
        ...generation,
        callId: randomUUID(),
        correlationId: ctx.correlationId,
        site: ctx.site,
        useCase: useCaseName,
        at: new Date(this.now()).toISOString(),
        outcome,
        checks,
        injectionFindings: injection.findings,
        redactions: map.counts(),
      };
      await captureCall(this.deps.captures, record, {
        useCase,
        input,
        retrieved,
        parameters: asked.parameters,
        output,
      });
      await this.deps.onCall?.(record);
      return {
        output,
        callId: record.callId,
        ruleOutput: outcome === 'llm' ? deterministicOutput() : output,
        steps: resolveSteps(useCase.stepIds?.(output) ?? [], procedures),
        generation,
        checks,
        injectionFindings: injection.findings,
      };
    };

    const rulesAttempt = deterministicAttempt(useCaseName);
    const fallback = (attempt: Attempt, reasons: FallbackReason[]) => {
      const output = deterministicOutput();
      const cited = checkCitations(useCase.claimTexts(output), new Set(sources.map((s) => s.label))).cited;
      return finish(
        output,
        attempt,
        attempt.provider === 'deterministic' ? 'deterministic' : 'fallback',
        reasons,
        cited,
      );
    };

    const { chat, router } = this.deps;
    if (!chat || !router) return fallback(rulesAttempt, ['llm-not-configured']);

    let prompt: PromptFile;
    try {
      prompt = ctx.promptVersion
        ? this.deps.prompts.load(useCaseName, ctx.promptVersion)
        : this.deps.prompts.active(useCaseName, this.deps.environment);
    } catch (err) {
      // No active version, a malformed file or one edited after activation: never guess a prompt.
      if (
        err instanceof PromptNotFoundError ||
        err instanceof PromptIntegrityError ||
        err instanceof PromptFormatError
      ) {
        checks.push({ name: 'prompt', passed: false, details: [err.message] });
        return fallback({ ...rulesAttempt, provider: chat.provider, model: 'none' }, ['prompt-unavailable']);
      }
      throw err;
    }
    const routed = router.route(
      prompt.frontMatter.task,
      prompt.frontMatter.tier === 'auto' ? undefined : prompt.frontMatter.tier,
      useCaseName,
    );
    const route = ctx.model ? { ...routed, model: ctx.model } : routed;
    const attempt: Attempt = {
      ...rulesAttempt,
      promptId: prompt.id,
      promptVersion: prompt.version,
      promptHash: prompt.sha256,
      model: route.model,
      provider: chat.provider,
      tier: route.tier,
    };
    const messages = buildMessages(prompt, useCase.outputSchema, redacted);
    const maxTokens = prompt.frontMatter.maxTokens ?? this.deps.maxOutputTokens;
    asked.parameters = {
      ...(prompt.frontMatter.temperature === undefined
        ? {}
        : { temperature: prompt.frontMatter.temperature }),
      maxTokens,
      jsonSchema: this.deps.sendsJsonSchema ?? false,
    };

    // Reserved and settled while the site's concurrency slot is held, so calls waiting in
    // the queue hold no tokens. A failed call hands its reservation back (if that fails
    // too, it stays counted: the safe side); a settle that fails leaves the estimate counted.
    const estimate = estimateTokens(messages.map((m) => m.content).join('\n')) + maxTokens;
    const metered = async (attempts: () => Promise<ResilientCompletion>): Promise<ResilientCompletion> => {
      const reservation = await this.deps.budget.reserve(ctx.site, estimate);
      let completion: ResilientCompletion;
      try {
        completion = await attempts();
      } catch (err) {
        await reservation.release().catch(() => undefined);
        throw err;
      }
      await reservation.settle(completion.tokensIn + completion.tokensOut).catch(() => undefined);
      return completion;
    };

    // Source units and flagged spans are embedded while the model writes (support and echo
    // checks then embed only the answer); awaited before the checks, never a reason to fail.
    const prepared = semantic.prepare(redacted, flaggedByLabel).catch(() => undefined);
    const started = this.now();
    let text: string;
    try {
      const completion = await genAiChatSpan(
        {
          provider: chat.provider,
          model: route.model,
          promptId: prompt.id,
          promptVersion: prompt.version,
          useCase: useCaseName,
          maxTokens,
          temperature: prompt.frontMatter.temperature,
        },
        () =>
          chat.complete(
            ctx.site,
            {
              model: route.model,
              messages,
              temperature: prompt.frontMatter.temperature,
              maxTokens,
              jsonMode: true,
              jsonSchema: { name: useCaseName, schema: outputJsonSchema(useCase.outputSchema) },
            },
            metered,
          ),
      );
      text = completion.text;
      Object.assign(attempt, {
        model: completion.model,
        tokensIn: completion.tokensIn,
        tokensOut: completion.tokensOut,
        attempts: completion.attempts,
        latencyMs: this.now() - started,
      });
    } catch (err) {
      attempt.latencyMs = this.now() - started;
      if (err instanceof TokenBudgetExhaustedError) {
        this.deps.metrics?.budget(ctx.site, err.used, err.limit);
        if (this.deps.budgetPolicy === 'refuse') {
          await finish(
            deterministicOutput(),
            { ...attempt, latencyMs: 0 },
            'refused',
            ['budget-exhausted'],
            [],
          );
          throw err;
        }
        return fallback({ ...attempt, latencyMs: 0 }, ['budget-exhausted']);
      }
      if (err instanceof TokenBudgetUnavailableError) {
        // The day's count cannot be read or written: no model call without a budget.
        checks.push({ name: 'budget', passed: false, details: [err.message] });
        return fallback({ ...attempt, latencyMs: 0 }, ['budget-unavailable']);
      }
      const reason: FallbackReason =
        err instanceof CircuitOpenError
          ? 'circuit-open'
          : err instanceof ProviderTimeoutError
            ? 'provider-timeout'
            : 'provider-error';
      return fallback(attempt, [reason]);
    }
    attempt.costUsd = router.cost(route.model, attempt.tokensIn, attempt.tokensOut);
    await this.reportBudget(ctx.site);

    const parsed = parseStructuredOutput<O>(text, useCase.outputSchema);
    checks.push(parsed.check);
    if (!parsed.ok) return fallback(attempt, ['invalid-output']);

    await prepared;
    const verdict = await checkOutput({
      useCase,
      output: parsed.value,
      redacted,
      flaggedByLabel,
      procedures,
      semantic,
    });
    checks.push(...verdict.checks);
    if (verdict.failed.length) return fallback(attempt, verdict.failed);

    // Confidence from the checks: how well the statements are supported, and how far the
    // model agrees with the rule engine on the classification fields.
    const baseline = useCase.classification(deterministicOutput());
    const mine = useCase.classification(parsed.value);
    const keys = Object.keys(baseline);
    const agreement = keys.length ? keys.filter((k) => baseline[k] === mine[k]).length / keys.length : 1;
    return finish(map.restoreDeep(parsed.value), attempt, 'llm', undefined, verdict.cited, {
      supportScore: round2(verdict.meanScore),
      agreement: round2(agreement),
    });
  }

  /** The budget gauges after a call; a store that does not answer leaves them as they were. */
  private async reportBudget(site: string): Promise<void> {
    const metrics = this.deps.metrics;
    if (!metrics) return;
    const used = await this.deps.budget.usedToday(site).catch(() => undefined);
    if (used !== undefined) metrics.budget(site, used, this.deps.budget.limit(site));
  }
}

interface OutputScores {
  supportScore: number;
  agreement: number;
}

const RULES_ONLY = new SemanticGovernance(undefined);
const round2 = (n: number) => Math.round(n * 100) / 100;
