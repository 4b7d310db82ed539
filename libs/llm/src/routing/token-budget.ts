import { InMemoryTokenUsageStore } from './in-memory-token-usage.store';
import type { TokenUsageStore } from './token-usage.port';

/** A site's daily token budget is spent: the model tier refuses, and the gateway decides what happens next. */
export class TokenBudgetExhaustedError extends Error {
  constructor(
    readonly site: string,
    readonly day: string,
    readonly limit: number,
    readonly used: number,
    readonly requested: number,
  ) {
    super(
      `daily token budget exhausted for site ${site} on ${day}: used ${used} of ${limit}, requested ${requested}`,
    );
    this.name = 'TokenBudgetExhaustedError';
  }
}

/** The token usage store did not answer: no budget can be checked, so no model call is made. */
export class TokenBudgetUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`token budget store: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TokenBudgetUnavailableError';
  }
}

export interface TokenBudgetOptions {
  defaultDailyTokens: number;
  perSite: Record<string, number>;
  /** Where use is counted; default: this process's memory. */
  store?: TokenUsageStore;
  now?: () => number;
}

/** Tokens set aside for one call; settle with what the provider reported, or release when no call was made. */
export interface TokenReservation {
  settle(actualTokens: number): Promise<void>;
  release(): Promise<void>;
}

/**
 * Per-site daily token budget (UTC days). A call reserves its estimate up front
 * (prompt size + max output tokens, deliberately pessimistic), and the reservation is
 * settled to the provider's actual count afterwards, so callers sharing a store cannot
 * overrun the limit together.
 */
export class DailyTokenBudget {
  private readonly now: () => number;
  private readonly store: TokenUsageStore;

  constructor(private readonly options: TokenBudgetOptions) {
    this.now = options.now ?? Date.now;
    this.store = options.store ?? new InMemoryTokenUsageStore();
  }

  limit(site: string): number {
    return this.options.perSite[site] ?? this.options.defaultDailyTokens;
  }

  usedToday(site: string): Promise<number> {
    return this.store.used(site, this.today());
  }

  async remaining(site: string): Promise<number> {
    return Math.max(0, this.limit(site) - (await this.usedToday(site)));
  }

  /** Throws TokenBudgetExhaustedError when `estimate` tokens would overrun today's budget. */
  async reserve(site: string, estimate: number): Promise<TokenReservation> {
    const day = this.today();
    const limit = this.limit(site);
    const result = await this.store.tryReserve(site, day, estimate, limit).catch((err: unknown) => {
      throw new TokenBudgetUnavailableError(err);
    });
    if (!result.granted) throw new TokenBudgetExhaustedError(site, day, limit, result.used, estimate);
    let open = true;
    const close = async (delta: number) => {
      if (!open) return;
      open = false;
      await this.store.adjust(site, day, delta);
    };
    return { settle: (actual) => close(actual - estimate), release: () => close(-estimate) };
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }
}
