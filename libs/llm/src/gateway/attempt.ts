import { sha256 } from '../prompts/prompt-file';
import type { GenerationInfo } from './llm-call-record';

/** Bumped whenever a deterministic template or rule changes, so records say which engine answered. */
export const DETERMINISTIC_ENGINE_VERSION = 'det-2';

/** What one call asked of whom, and what it cost: the part of the record the gateway fills as it goes. */
export type Attempt = Pick<
  GenerationInfo,
  | 'promptId'
  | 'promptVersion'
  | 'promptHash'
  | 'model'
  | 'provider'
  | 'tier'
  | 'tokensIn'
  | 'tokensOut'
  | 'costUsd'
  | 'latencyMs'
  | 'attempts'
>;

/**
 * The attempt of an answer from a rule engine: no prompt, no model, no tokens. The gateway's
 * engine by default; a service with its own deterministic engine (plant-query's translation)
 * names it and its version.
 */
export function deterministicAttempt(
  useCaseName: string,
  engineVersion = DETERMINISTIC_ENGINE_VERSION,
): Attempt {
  return {
    promptId: `${useCaseName}@deterministic`,
    promptVersion: engineVersion,
    promptHash: sha256(`${useCaseName}:${engineVersion}`),
    model: 'deterministic',
    provider: 'deterministic',
    tier: 'none',
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    latencyMs: 0,
    attempts: 0,
  };
}
