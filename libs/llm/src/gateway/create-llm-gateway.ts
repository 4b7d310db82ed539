import { isAbsolute, resolve } from 'node:path';
import type { Metrics } from '@andon/observability';
import { loadLlmSettings, type LlmSettings } from '../config/llm-config';
import type { ChatModelPort, EmbeddingsPort } from '../providers/chat-model.port';
import { semanticGovernanceFor, semanticGovernanceFromEnv } from '../governance/semantic/semantic-config';
import { LangChainChatAdapter } from '../providers/langchain-chat.adapter';
import { ResilientChatClient } from '../providers/resilient-chat-client';
import { PromptRegistry } from '../prompts/prompt-registry';
import {
  auditRedactionDirectory,
  loadRedactionDictionary,
  normaliseSiteId,
} from '../redaction/redaction-dictionary';
import { configuredSites } from '../redaction/configured-sites';
import { Redactor } from '../redaction/redactor';
import type { CircuitState } from '@andon/resilience';
import { LlmMetrics } from '../routing/llm-metrics';
import { ModelRouter } from '../routing/model-router';
import { RoutingRegistry } from '../routing/routing-file';
import { DailyTokenBudget } from '../routing/token-budget';
import type { TokenUsageStore } from '../routing/token-usage.port';
import type { LlmCallSink } from './llm-call-record';
import type { LlmCallCaptureStore } from '../replay/call-capture';
import { LlmGateway } from './llm-gateway';

export interface CreateLlmGatewayOptions {
  /** Defaults to `loadLlmSettings(process.env)`. */
  settings?: LlmSettings;
  /** Relative prompt/redaction directories resolve against this (default: process.cwd()). */
  baseDir?: string;
  /**
   * The plant's sites, against which redaction dictionaries are checked at start. Default:
   * the sites with code maps under `<baseDir>/config/site-codes`.
   */
  knownSites?: readonly string[];
  /** Where start-up decisions are logged (a site redacted by default.yaml); default: process warnings. */
  log?: { warn(obj: object, msg: string): void };
  metrics?: Metrics;
  onCall?: LlmCallSink;
  /** Replaces the LangChain adapter, e.g. for an in-house provider; resilience still applies. */
  chatPort?: ChatModelPort;
  now?: () => number;
  onBreakerStateChange?: (state: CircuitState) => void;
  /**
   * Where daily token use is counted. Give the service's document store (a
   * DocumentTokenUsageStore) so every service and replica sharing it shares one budget
   * that survives restarts; default: this process's memory.
   */
  tokenUsage?: TokenUsageStore;
  /**
   * Embeddings for the semantic checks (forbidden intents by meaning, support, echoes).
   * Default: all-MiniLM-L6-v2 as LLM_SEMANTIC_CHECKS and MINILM_MODEL_DIR say
   * (semantic-config.ts); null: rules only.
   */
  policyEmbeddings?: EmbeddingsPort | null;
  /**
   * Keep each call's request and output for decision replay (`andon replay`): give the
   * service's document store (DocumentCallCaptureStore). Default: none kept.
   */
  captures?: LlmCallCaptureStore;
}

/** Wires the gateway from settings: with no provider configured it is deterministic-only. */
export function createLlmGateway(options: CreateLlmGatewayOptions = {}): LlmGateway {
  const settings = options.settings ?? loadLlmSettings();
  const base = options.baseDir ?? process.cwd();
  const dir = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const redactionDir = dir(settings.redactionDir);
  // Checked at start: a misnamed dictionary must not silently switch redaction off.
  const audit = auditRedactionDirectory(redactionDir, options.knownSites ?? configuredSites(base));
  if (audit.problems.length > 0)
    throw new Error(`redaction dictionaries in ${redactionDir}:\n  - ${audit.problems.join('\n  - ')}`);
  const warn = (obj: object, msg: string): void =>
    options.log ? options.log.warn(obj, msg) : process.emitWarning(`${msg} ${JSON.stringify(obj)}`);
  for (const site of audit.fallbacks)
    warn(
      { site, dir: redactionDir },
      'no redaction dictionary for this site: default.yaml and patterns apply, its own names and badges are not listed',
    );
  const redactors = new Map<string, Redactor>();
  const redactorFor = (site: string): Redactor => {
    const id = normaliseSiteId(site);
    let r = redactors.get(id);
    if (!r) {
      const dictionary = loadRedactionDictionary(redactionDir, id);
      if (dictionary.fallback && !audit.fallbacks.includes(id))
        warn(
          { site: id, dir: redactionDir },
          'an unconfigured site reached the LLM gateway: redacted with default.yaml and patterns',
        );
      r = new Redactor(dictionary);
      redactors.set(id, r);
    }
    return r;
  };
  const provider = settings.provider;
  const port =
    options.chatPort ??
    (provider
      ? new LangChainChatAdapter({
          provider: provider.provider,
          baseUrl: provider.baseUrl,
          apiKey: provider.apiKey,
          sendJsonSchema: provider.jsonSchema,
        })
      : undefined);
  const chat =
    port && provider
      ? new ResilientChatClient(port, {
          timeoutMs: settings.timeoutMs,
          maxRetries: settings.maxRetries,
          retryBaseDelayMs: settings.retryBaseDelayMs,
          breaker: {
            failureThreshold: settings.breaker.failureThreshold,
            resetTimeoutMs: settings.breaker.resetTimeoutMs,
          },
          siteConcurrency: settings.siteConcurrency,
          ...(options.onBreakerStateChange ? { onBreakerStateChange: options.onBreakerStateChange } : {}),
        })
      : undefined;
  return new LlmGateway({
    environment: settings.environment,
    maxOutputTokens: settings.maxOutputTokens,
    budgetPolicy: settings.budget.onExhausted,
    prompts: new PromptRegistry(dir(settings.promptsDir)),
    redactorFor,
    budget: new DailyTokenBudget({
      defaultDailyTokens: settings.budget.defaultDailyTokens,
      perSite: settings.budget.perSite,
      ...(options.tokenUsage ? { store: options.tokenUsage } : {}),
      ...(options.now ? { now: options.now } : {}),
    }),
    chat,
    router: provider
      ? new ModelRouter(
          settings.taskTiers,
          provider.models,
          settings.prices,
          new RoutingRegistry(dir(settings.routingDir)).activeRoutes(settings.environment),
        )
      : undefined,
    metrics: options.metrics ? new LlmMetrics(options.metrics) : undefined,
    onCall: options.onCall,
    captures: options.captures,
    sendsJsonSchema: provider?.jsonSchema ?? false,
    semantic:
      options.policyEmbeddings === null
        ? undefined
        : options.policyEmbeddings
          ? semanticGovernanceFor(options.policyEmbeddings)
          : semanticGovernanceFromEnv(),
    ...(options.now ? { now: options.now } : {}),
  });
}
