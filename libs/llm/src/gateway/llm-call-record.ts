import type { Tier } from '../config/llm-config';
import type { CheckResult } from '../governance/governance.types';
import type { InjectionFinding } from '../governance/injection-detector';
import type { RedactionKind } from '../redaction/redactor';
import type { GenerationParameters, RetrievedSourceRef } from '../replay/call-capture';
import type { CatalogueStep } from '../use-cases/procedure-catalogue';

export type FallbackReason =
  | 'llm-not-configured'
  | 'prompt-unavailable'
  | 'budget-exhausted'
  | 'budget-unavailable'
  | 'circuit-open'
  | 'provider-timeout'
  | 'provider-error'
  | 'invalid-output'
  | 'uncited-claims'
  | 'unsupported-numbers'
  /** A statement its cited sources do not support (words or meaning), or supported only by flagged text. */
  | 'unsupported-claims'
  /** By the rules or by meaning (the semantic policy layer). */
  | 'forbidden-instruction'
  /** The output repeats input that was flagged as an injection or a forbidden instruction. */
  | 'quotes-flagged-input'
  | 'injected-output'
  /** A selected step id is not a usable step of an approved, effective procedure revision of the call's site. */
  | 'unknown-steps';

/** Every value above, in the order of andon.v1.FallbackReason (proto/andon/v1/provenance.proto). */
export const FALLBACK_REASONS: readonly FallbackReason[] = [
  'llm-not-configured',
  'prompt-unavailable',
  'budget-exhausted',
  'budget-unavailable',
  'circuit-open',
  'provider-timeout',
  'provider-error',
  'invalid-output',
  'uncited-claims',
  'unsupported-numbers',
  'unsupported-claims',
  'forbidden-instruction',
  'quotes-flagged-input',
  'injected-output',
  'unknown-steps',
];

export interface GenerationInfo {
  promptId: string;
  promptVersion: string;
  /** sha256 of the prompt file (or of the deterministic engine's version tag). */
  promptHash: string;
  model: string;
  provider: string;
  tier: Tier | 'none';
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  /** Every retrieved source passed in, by id. */
  sourceIds: string[];
  /** Retrieved sources the output cites, by id. */
  citedSourceIds: string[];
  /** Citation label -> source id, to render `[S1]` markers as links. */
  citations: Record<string, string>;
  /** True when the output comes from the deterministic engine. */
  deterministic: boolean;
  /** Why the model's answer was not used; several reasons are joined with ','. */
  fallbackReason?: string;
  /** The same reasons as a list. */
  fallbackReasons?: FallbackReason[];
  attempts: number;
  /** Some untrusted input of this call was flagged (injection, forbidden instruction, or flagged before). */
  inputFlagged?: boolean;
  /** Kinds of those findings (never their text). */
  injectionKinds?: string[];
  /** False when no embedding model was available: forbidden intents were checked by the rules only. */
  semanticChecks?: boolean;
  /** Model answers only: mean support score of the statements (0..1). */
  supportScore?: number;
  /** Model answers only: share of classification fields on which the model agrees with the rule engine (0..1). */
  agreement?: number;
}

export interface GovernedOutput<O> {
  output: O;
  /** The id of the LLM call record this generation emitted (andon.llm.calls.v1), for outputs to cite. */
  callId: string;
  /**
   * The deterministic engine's answer to the same request (with flagged input withheld):
   * equal to `output` on a fallback. Agents take recommended steps from here or from
   * procedures, never from a model's free text.
   */
  ruleOutput: O;
  /**
   * The procedure steps `output` selects (use cases with `stepIds`), resolved to the
   * procedure's own text, document, revision and source label, in the selected order.
   */
  steps: CatalogueStep[];
  generation: GenerationInfo;
  checks: CheckResult[];
  injectionFindings: InjectionFinding[];
}

/**
 * What the audit ledger keeps of one generation. Check details are computed on the
 * redacted text, so they carry placeholders, never the redacted values; the
 * redaction map itself is reduced to counts.
 */
export interface LlmCallRecord extends GenerationInfo {
  callId: string;
  correlationId: string;
  site: string;
  useCase: string;
  at: string;
  outcome: 'llm' | 'fallback' | 'deterministic' | 'refused';
  checks: CheckResult[];
  injectionFindings: InjectionFinding[];
  redactions: Partial<Record<RedactionKind, number>>;
  /** Temperature, max tokens and grammar of the model call; absent when no model was called. */
  parameters?: GenerationParameters;
  /** Every retrieved source with its revision and a hash of the content given (decision replay). */
  retrieved?: RetrievedSourceRef[];
  /** sha256 of the call's capture in the service's store, when the gateway keeps captures. */
  captureSha256?: string;
}

export type LlmCallSink = (record: LlmCallRecord) => void | Promise<void>;
