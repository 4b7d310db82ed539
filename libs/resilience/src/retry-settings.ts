import { z } from 'zod';

/**
 * How often and how patiently a call is tried. One meaning everywhere in Andon:
 * `attempts` counts every try, the first one included (`attempts: 1` never retries).
 */
export interface RetrySettings {
  attempts: number;
  /** Delay before the second try. */
  baseDelayMs: number;
  /** Cap on any one delay. */
  maxDelayMs: number;
}

export const retrySettingsSchema = z
  .object({
    attempts: z.number().int().min(1),
    baseDelayMs: z.number().int().min(0),
    maxDelayMs: z.number().int().min(0),
  })
  .refine((s) => s.maxDelayMs >= s.baseDelayMs, { message: 'maxDelayMs must be >= baseDelayMs' });

/** Validates settings at the edge (config loaders call it), naming what is wrong. */
export function retrySettings(input: RetrySettings): RetrySettings {
  const parsed = retrySettingsSchema.safeParse(input);
  if (!parsed.success)
    throw new RangeError(`invalid retry settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** For settings written as "extra tries after the first" (e.g. `LLM_MAX_RETRIES`). */
export function attemptsFromRetries(retries: number): number {
  return retries + 1;
}
