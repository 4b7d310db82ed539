/** A site's daily token budget is spent: the model tier refuses, and the gateway decides what happens next. */
export class TokenBudgetExhaustedError extends Error {
  constructor(
    readonly site: string,
    readonly day: string,
    readonly limit: number,
    readonly used: number,
    readonly requested: number,
  ) {
    super(`daily token budget exhausted for site ${site} on ${day}: used ${used} of ${limit}, requested ${requested}`);
    this.name = 'TokenBudgetExhaustedError';
  }
}

export interface TokenBudgetOptions {
  defaultDailyTokens: number;
  perSite: Record<string, number>;
  now?: () => number;
}

/**
 * Per-site daily token budget (UTC days), in process memory. A call is admitted when
 * its estimate fits in what is left; the actual usage is then recorded. Estimates are
 * deliberately pessimistic (prompt size + max output tokens).
 */
export class DailyTokenBudget {
  private readonly used = new Map<string, { day: string; tokens: number }>();
  private readonly now: () => number;

  constructor(private readonly options: TokenBudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  limit(site: string): number {
    return this.options.perSite[site] ?? this.options.defaultDailyTokens;
  }

  usedToday(site: string): number {
    const entry = this.used.get(site);
    return entry && entry.day === this.today() ? entry.tokens : 0;
  }

  remaining(site: string): number {
    return Math.max(0, this.limit(site) - this.usedToday(site));
  }

  /** Throws TokenBudgetExhaustedError when `estimate` tokens would overrun today's budget. */
  assertAvailable(site: string, estimate: number): void {
    const used = this.usedToday(site);
    if (used + estimate > this.limit(site)) {
      throw new TokenBudgetExhaustedError(site, this.today(), this.limit(site), used, estimate);
    }
  }

  record(site: string, tokens: number): void {
    const day = this.today();
    this.used.set(site, { day, tokens: this.usedToday(site) + tokens });
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }
}
