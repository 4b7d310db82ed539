import type { Tier } from '../config/llm-config';
import type { CheckResult } from '../governance/governance.types';
import type { InjectionFinding } from '../governance/injection-detector';
import type { RedactionKind } from '../redaction/redactor';

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
  | 'forbidden-instruction'
  | 'injected-output';

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
  attempts: number;
}

export interface GovernedOutput<O> {
  output: O;
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
}

export type LlmCallSink = (record: LlmCallRecord) => void | Promise<void>;
