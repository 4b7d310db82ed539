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

/** The attempt of an answer from the rule engine: no prompt, no model, no tokens. */
export function deterministicAttempt(useCaseName: string): Attempt {
  return {
    promptId: `${useCaseName}@deterministic`,
    promptVersion: DETERMINISTIC_ENGINE_VERSION,
    promptHash: sha256(`${useCaseName}:${DETERMINISTIC_ENGINE_VERSION}`),
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
