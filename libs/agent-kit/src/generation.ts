import { GenerationInfo as GenerationMessage } from '@andon/contracts';
import type { GenerationInfo } from '@andon/llm';

/** The gateway's generation as the andon.v1.GenerationInfo contract recorded on every output. */
export function toGenerationMessage(generation: GenerationInfo, llmCallIds: readonly string[]): GenerationMessage {
  return GenerationMessage.fromPartial({
    promptId: generation.promptId,
    promptVersion: generation.promptVersion,
    promptHash: generation.promptHash,
    model: generation.model,
    provider: generation.provider,
    deterministicFallback: generation.deterministic,
    fallbackReason: generation.fallbackReason ?? '',
    llmCallIds: [...llmCallIds],
  });
}

/**
 * The agent's own confidence in an output, 0..1. Informational only (policy never reads
 * it): a checked model answer ranks above the rule engine, and a model answer that had
 * to be replaced by the rule engine ranks lowest, because something about the case
 * confused the model.
 */
export function outputConfidence(generation: GenerationInfo, ruleConfidence: number): number {
  const base = !generation.deterministic ? Math.min(1, ruleConfidence + 0.1) : generation.provider === 'deterministic' ? ruleConfidence : ruleConfidence - 0.1;
  return Math.round(Math.max(0, Math.min(1, base)) * 100) / 100;
}
