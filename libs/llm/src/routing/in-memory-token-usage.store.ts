import type { TokenReserveResult, TokenUsageStore } from './token-usage.port';

/** Per-process counts: for tests and a gateway with no store (each process has its own budget, reset on restart). */
export class InMemoryTokenUsageStore implements TokenUsageStore {
  private readonly counts = new Map<string, number>();

  async tryReserve(site: string, day: string, tokens: number, limit: number): Promise<TokenReserveResult> {
    const used = this.counts.get(key(site, day)) ?? 0;
    if (used + tokens > limit) return { granted: false, used };
    this.counts.set(key(site, day), used + tokens);
    return { granted: true };
  }

  async adjust(site: string, day: string, delta: number): Promise<void> {
    this.counts.set(key(site, day), Math.max(0, (this.counts.get(key(site, day)) ?? 0) + delta));
  }

  async used(site: string, day: string): Promise<number> {
    return this.counts.get(key(site, day)) ?? 0;
  }
}

const key = (site: string, day: string): string => `${site}\u0000${day}`;
