// Configuration
export {
  loadLlmSettings,
  settingsFromEnv,
  llmEnvSchema,
  DEFAULT_TASK_TIERS,
  LOCAL_MODEL_NAME,
  TASK_KINDS,
  TIERS,
  type LlmSettings,
  type LlmEnv,
  type TaskKind,
  type Tier,
  type ProviderSettings,
} from './config/llm-config';

// Gateway
export { createLlmGateway, type CreateLlmGatewayOptions } from './gateway/create-llm-gateway';
export {
  LlmGateway,
  InvalidUseCaseInputError,
  type GenerateContext,
  type LlmGatewayDeps,
} from './gateway/llm-gateway';
export { DETERMINISTIC_ENGINE_VERSION, deterministicAttempt } from './gateway/attempt';
export { labelSources } from './gateway/label-sources';
export type {
  GovernedOutput,
  GenerationInfo,
  LlmCallRecord,
  LlmCallSink,
  FallbackReason,
} from './gateway/llm-call-record';
export { FALLBACK_REASONS } from './gateway/llm-call-record';
export type { SourceRecord, LabelledSource, CheckResult, CheckName } from './governance/governance.types';
export type { InjectionFinding, InjectionKind } from './governance/injection-detector';

// Use cases and deterministic engines
export {
  USE_CASES,
  INPUT_LABEL,
  type UseCaseName,
  type UseCaseDefinition,
  type DeterministicEngine,
} from './use-cases/use-case';
export { USE_CASE_REGISTRY } from './use-cases/use-case-registry';
export type { NcrTriageInput, NcrTriageOutput } from './use-cases/ncr-triage.use-case';
export type {
  MaintenanceProposalInput,
  MaintenanceProposalOutput,
} from './use-cases/maintenance-proposal.use-case';
export type { ScheduleRiskInput, ScheduleRiskOutput } from './use-cases/schedule-risk.use-case';
export type { ShiftHandoffInput, ShiftHandoffOutput } from './use-cases/shift-handoff.use-case';
export type {
  ProductionNarrativeInput,
  ProductionNarrativeOutput,
} from './use-cases/production-narrative.use-case';
export type { RootCauseInput, RootCauseOutput } from './use-cases/root-cause.use-case';
export type { OperatorQaInput, OperatorQaOutput } from './use-cases/operator-qa.use-case';
export {
  governingSteps,
  isHowToQuestion,
  stepLists,
  stepsAnswerQuestion,
  stepsMarkdown,
  type ProcedureStep,
  type StepList,
} from './use-cases/procedure-steps';
export type { ComplianceCheckInput, ComplianceCheckOutput } from './use-cases/compliance-check.use-case';
export {
  procedureSource,
  stepId,
  stepText,
  PROCEDURE_SOURCE_KIND,
  type CatalogueStep,
  type ProcedureRevisionText,
} from './use-cases/procedure-catalogue';
export type {
  PlantQueryTranslateInput,
  PlantQueryTranslateOutput,
} from './use-cases/plant-query-translate.use-case';

// Governance checks (usable on their own, e.g. by agents checking their proposals)
export {
  findForbiddenInstructions,
  checkPolicy,
  FORBIDDEN_CATEGORIES,
  type ForbiddenCategory,
  type PolicyFinding,
} from './governance/policy-check';
export { detectInjection } from './governance/injection-detector';
export { wrapUntrusted } from './governance/untrusted-data';

// Semantic checks (forbidden intents by meaning, support, echoes of flagged input)
export { SemanticGovernance } from './governance/semantic/semantic-governance';
export {
  semanticGovernanceFor,
  semanticGovernanceFromEnv,
  SemanticChecksUnavailableError,
} from './governance/semantic/semantic-config';
export {
  IntentClassifier,
  DEFAULT_INTENT_THRESHOLDS,
  type IntentMatch,
  type IntentThresholds,
} from './governance/semantic/intent-classifier';
export { normaliseNumbers } from './governance/semantic/normalise-numbers';

// Prompts
export { PromptRegistry, PromptNotFoundError, PromptIntegrityError } from './prompts/prompt-registry';
export type { PromptFile, PromptFrontMatter } from './prompts/prompt-file';
export type { ActivationEvent } from './prompts/active-file';

// Providers, resilience, routing
export type {
  ChatModelPort,
  EmbeddingsPort,
  ChatRequest,
  ChatCompletion,
  ChatMessage,
} from './providers/chat-model.port';
export { LangChainEmbeddingsAdapter } from './providers/langchain-embeddings.adapter';
export type { CircuitState } from '@andon/resilience';
export { CircuitOpenError, ProviderError, ProviderTimeoutError } from './resilience/errors';
export { TokenBudgetExhaustedError, DailyTokenBudget, type TokenReservation } from './routing/token-budget';
export type { TokenUsageStore, TokenReserveResult } from './routing/token-usage.port';
export { InMemoryTokenUsageStore } from './routing/in-memory-token-usage.store';
export { DocumentTokenUsageStore, TOKEN_USAGE_COLLECTION } from './routing/document-token-usage.store';

// Redaction
export {
  auditRedactionDirectory,
  loadRedactionDictionary,
  normaliseSiteId,
  type RedactionDictionary,
} from './redaction/redaction-dictionary';
export { Redactor, RedactionMap, type RedactionKind } from './redaction/redactor';

// Evaluation
export {
  runEval,
  judge,
  DEFAULT_THRESHOLDS,
  type EvalEngine,
  type EvalReport,
  type EvalScores,
  type EvalThresholds,
  type ScenarioResult,
} from './eval/run-eval';
export { loadScenarios, type EvalScenario } from './eval/eval-scenario';
export { renderMarkdown, renderComparison, renderQuality, writeReport } from './eval/eval-report';
export { qualityOf, percentile, type QualityMetrics, type RunDetail } from './eval/eval-quality';

// Entry points beside this one: '@andon/llm/cli' (the eval runner and prompt gate behind
// `andon eval` / `andon prompts`) and '@andon/llm/testing' (the scripted OpenAI-compatible
// server and the obedient model of the red-team suites, for specs and benchmarks only).

// Decision replay (captures of each call, re-run on engines that record nothing)
export {
  DocumentCallCaptureStore,
  InMemoryCallCaptureStore,
  CALL_CAPTURE_COLLECTION,
  captureSha256,
  retrievedRef,
  type LlmCallCapture,
  type LlmCallCaptureStore,
  type RetrievedSourceRef,
  type GenerationParameters,
} from './replay/call-capture';
export {
  replayCapture,
  diffRuns,
  REPLAY_CHOICES,
  type ReplayChoice,
  type ReplayOptions,
  type ReplayEngine,
  type ReplayEngines,
  type LedgerCallRecord,
  type CallReplay,
  type RunSummary,
  type Differences,
} from './replay/replay-call';
export {
  ReplayDesk,
  ReplayNotFoundError,
  replayEngines,
  type LedgerLookup,
  type LedgerEntryView,
  type RebuiltDecision,
  type ReplayReport,
} from './replay/replay-desk';
