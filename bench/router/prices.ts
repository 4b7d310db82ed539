import type { Tier } from '@andon/llm';

/** USD per 1 000 tokens; list prices of a small and a large hosted model class (late 2024). */
export const PRICE_TABLE_PER_1K: Record<Tier, { input: number; output: number }> = {
  small: { input: 0.00015, output: 0.0006 },
  large: { input: 0.0025, output: 0.01 },
};
