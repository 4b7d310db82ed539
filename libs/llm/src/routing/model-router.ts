import type { TaskKind, Tier } from '../config/llm-config';

export interface PriceTable {
  [model: string]: { inputPerMTok: number; outputPerMTok: number };
}

export interface Route {
  tier: Tier;
  model: string;
}

/**
 * Picks the tier for a task kind (classification and extraction on the small model,
 * summaries and reasoning on the large one, by configuration), unless the prompt pins one.
 */
export class ModelRouter {
  constructor(
    private readonly taskTiers: Record<TaskKind, Tier>,
    private readonly models: Record<Tier, string>,
    private readonly prices: PriceTable = {},
    /** Tier per use case from the active routing file (evaluation evidence); wins over the task kind. */
    private readonly useCaseTiers: Readonly<Partial<Record<string, Tier>>> = {},
  ) {}

  route(task: TaskKind, pinnedTier?: Tier, useCase?: string): Route {
    const tier = pinnedTier ?? (useCase ? this.useCaseTiers[useCase] : undefined) ?? this.taskTiers[task];
    return { tier, model: this.models[tier] };
  }

  /** USD cost of a call; models missing from the price table cost 0 (self-hosted). */
  cost(model: string, tokensIn: number, tokensOut: number): number {
    const price = this.prices[model];
    if (!price) return 0;
    return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
  }
}
