/** Outcome of asking for tokens: granted (and counted), or refused with what the day already holds. */
export type TokenReserveResult = { granted: true } | { granted: false; used: number };

/**
 * Where a site's daily token use is counted. Shared by every gateway that points at the
 * same store (all services and replicas of a cluster), so a budget is one budget, and it
 * survives restarts. Reservation is atomic: two callers cannot both take the last tokens.
 */
export interface TokenUsageStore {
  /** Adds `tokens` to (site, day) only if the total stays within `limit`. */
  tryReserve(site: string, day: string, tokens: number, limit: number): Promise<TokenReserveResult>;
  /** Corrects (site, day) by `delta` (negative: tokens reserved but not used); never below 0. */
  adjust(site: string, day: string, delta: number): Promise<void>;
  used(site: string, day: string): Promise<number>;
}
