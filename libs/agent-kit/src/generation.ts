import { FallbackReason, GenerationInfo as GenerationMessage } from '@andon/contracts';
import { FALLBACK_REASONS, type GenerationInfo } from '@andon/llm';

/** The gateway's reason strings as the andon.v1.FallbackReason enum (same order, see FALLBACK_REASONS). */
export function fallbackReasonEnum(reason: string): FallbackReason {
  const i = (FALLBACK_REASONS as readonly string[]).indexOf(reason);
  return i < 0 ? FallbackReason.UNSPECIFIED : ((i + 1) as FallbackReason);
}

/**
 * The gateway's generation as the andon.v1.GenerationInfo contract recorded on every
 * output. `modelWritten` names the output's fields a model wrote (summaries, rationale)
 * when the answer is the model's; steps are never among them.
 */
export function toGenerationMessage(
  generation: GenerationInfo,
  llmCallIds: readonly string[],
  modelWritten: readonly string[] = [],
): GenerationMessage {
  const reasons =
    generation.fallbackReasons ?? (generation.fallbackReason ? generation.fallbackReason.split(',') : []);
  return GenerationMessage.fromPartial({
    promptId: generation.promptId,
    promptVersion: generation.promptVersion,
    promptHash: generation.promptHash,
    model: generation.model,
    provider: generation.provider,
    deterministicFallback: generation.deterministic,
    fallbackReason: generation.fallbackReason ?? '',
    llmCallIds: [...llmCallIds],
    fallbackReasons: reasons.map(fallbackReasonEnum),
    inputFlagged: generation.inputFlagged ?? false,
    injectionKinds: generation.injectionKinds ?? [],
    modelWrittenFields: generation.deterministic ? [] : [...modelWritten],
  });
}

/**
 * The agent's own confidence in an output, 0..1. Informational only (policy never reads
 * it). A model answer earns it from its checks, never from being a model: the rule
 * engine's confidence scaled by how well its statements were supported by their sources
 * and how far it agreed with the rule engine's classification, so it never exceeds the
 * rules'. A model answer replaced by the rule engine ranks below the rules (something
 * about the case confused the model), and any flagged input lowers it further.
 */
export function outputConfidence(generation: GenerationInfo, ruleConfidence: number): number {
  let base: number;
  if (!generation.deterministic) {
    const support = generation.supportScore ?? 0;
    const agreement = generation.agreement ?? 0;
    base = Math.min(ruleConfidence, ruleConfidence * (0.5 + 0.5 * support) * (0.5 + 0.5 * agreement));
  } else base = generation.provider === 'deterministic' ? ruleConfidence : ruleConfidence - 0.1;
  if (generation.inputFlagged) base *= 0.8;
  return Math.round(Math.max(0, Math.min(1, base)) * 100) / 100;
}
