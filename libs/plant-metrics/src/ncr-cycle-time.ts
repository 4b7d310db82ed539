const HOUR_MS = 3_600_000;

/** One nonconformance from its first raising to its first closing. */
export interface NcrCycle {
  raisedAtMs: number;
  closedAtMs: number;
}

export interface NcrCycleTimeResult {
  /** Mean hours from raising to closing; null with no NCR closed. */
  meanHours: number | null;
  closed: number;
  totalHours: number;
}

/**
 * Mean NCR cycle time over the NCRs closed in a period. Which NCRs count (closed in the
 * window, raised before the close) is the caller's selection; a cycle that would be
 * negative is refused, not averaged in.
 */
export function ncrCycleTime(cycles: readonly NcrCycle[]): NcrCycleTimeResult {
  for (const c of cycles) {
    if (!Number.isFinite(c.raisedAtMs) || !Number.isFinite(c.closedAtMs) || c.closedAtMs < c.raisedAtMs) {
      throw new RangeError(
        `an NCR cycle must close after it was raised (raised ${c.raisedAtMs}, closed ${c.closedAtMs})`,
      );
    }
  }
  // Whole milliseconds add up exactly, so the mean does not depend on the order of the NCRs.
  const totalMs = cycles.reduce((s, c) => s + (c.closedAtMs - c.raisedAtMs), 0);
  return {
    meanHours: cycles.length > 0 ? totalMs / cycles.length / HOUR_MS : null,
    closed: cycles.length,
    totalHours: totalMs / HOUR_MS,
  };
}
