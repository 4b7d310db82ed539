import type { RetrievalScope } from '../domain/access-policy';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads the two scope phrases agents and people write into a query: "line 3" and
 * "last 8 hours" (minutes, days). Only fills what the request left unset; explicit
 * filters always win. The gRPC RetrievalFilters has no time window, so this is how
 * "what happened on line 3 in the last 8 hours" becomes a filtered search there.
 */
export function withScopeHints(query: string, scope: RetrievalScope, now: number): RetrievalScope {
  const out: RetrievalScope = { ...scope };
  if (!scope.line) {
    const line = /\bline[\s-]?(\d{1,3})\b/i.exec(query);
    if (line?.[1]) out.line = `line-${Number(line[1])}`;
  }
  if (scope.occurredFrom === undefined && scope.occurredTo === undefined) {
    const last = /\b(?:last|past)\s+(\d{1,4})\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)\b/i.exec(query);
    const unit = last?.[2]?.[0]?.toLowerCase();
    if (last?.[1] && unit && UNIT_MS[unit]) {
      out.occurredFrom = now - Number(last[1]) * (UNIT_MS[unit] ?? 0);
      out.occurredTo = now;
    }
  }
  return out;
}
