import { ncrCycleTime } from '@andon/plant-metrics';
import type { Dimension } from '../catalogue/metric-catalogue';
import type { NcrFact } from '../facts/plant-facts';
import { groupFacts, type ResultRow, type WindowOfSite } from './aggregate';

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Reads every NCR fact of one site with one of `ncrIds` that happened before `beforeMs` (the caller bounds the scan). */
export type NcrHistoryLookup = (
  site: string,
  ncrIds: readonly string[],
  beforeMs: number,
) => Promise<NcrFact[]>;

/** A raising: status OPEN, or no status (producers before the field existed sent raisings only). */
export const isRaising = (f: NcrFact): boolean => f.status === undefined || f.status === 'open';

const keyOf = (site: string, ncrId: string): string => `${site}\u0000${ncrId}`;

async function historyOf(
  facts: readonly NcrFact[],
  windowOf: WindowOfSite,
  lookup: NcrHistoryLookup,
): Promise<Map<string, NcrFact[]>> {
  const idsBySite = new Map<string, Set<string>>();
  for (const f of facts)
    if (f.ncrId) idsBySite.set(f.site, (idsBySite.get(f.site) ?? new Set()).add(f.ncrId));
  const history = new Map<string, NcrFact[]>();
  for (const [site, ids] of idsBySite) {
    for (const f of await lookup(site, [...ids].sort(), windowOf(site).toMs))
      history.set(keyOf(site, f.ncrId), [...(history.get(keyOf(site, f.ncrId)) ?? []), f]);
  }
  return history;
}

/**
 * The raisings behind `open_ncrs`: NCRs raised in the window whose NCR was not closed
 * before the window end (a CLOSED event at any time before it, inside the window or not).
 */
export async function stillOpenRaisings(
  windowFacts: readonly NcrFact[],
  windowOf: WindowOfSite,
  lookup: NcrHistoryLookup,
): Promise<NcrFact[]> {
  const raisings = windowFacts.filter(isRaising);
  const history = await historyOf(raisings, windowOf, lookup);
  return raisings.filter(
    (f) => !f.ncrId || !(history.get(keyOf(f.site, f.ncrId)) ?? []).some((h) => h.status === 'closed'),
  );
}

export interface NcrCycle {
  /** The NCR's first CLOSED event; it lies in the window and carries the grouping fields. */
  close: NcrFact;
  /** The NCR's first raising. */
  raise: NcrFact;
}

/** NCRs closed in the window (their first CLOSED event falls in it) that have a recorded raising before the close. */
export async function ncrCycles(
  windowFacts: readonly NcrFact[],
  windowOf: WindowOfSite,
  lookup: NcrHistoryLookup,
): Promise<NcrCycle[]> {
  const firstCloseInWindow = new Map<string, NcrFact>();
  for (const f of [...windowFacts].sort((a, b) => a.atMs - b.atMs || a._id.localeCompare(b._id))) {
    if (f.status === 'closed' && f.ncrId && !firstCloseInWindow.has(keyOf(f.site, f.ncrId)))
      firstCloseInWindow.set(keyOf(f.site, f.ncrId), f);
  }
  const history = await historyOf([...firstCloseInWindow.values()], windowOf, lookup);
  const cycles: NcrCycle[] = [];
  for (const [key, close] of firstCloseInWindow) {
    const events = [...(history.get(key) ?? [])].sort(
      (a, b) => a.atMs - b.atMs || a._id.localeCompare(b._id),
    );
    const firstClose = events.find((e) => e.status === 'closed');
    const raise = events.find(isRaising);
    // Closed before this window too, or never seen raised: no cycle time to attribute here.
    if (!raise || raise.atMs > close.atMs || (firstClose && firstClose.atMs < close.atMs)) continue;
    cycles.push({ close, raise });
  }
  return cycles;
}

/** Mean hours from raising to closing; null with no NCR closed. */
export function cycleTimeRow(key: Record<string, string>, cycles: readonly NcrCycle[]): ResultRow {
  const r = ncrCycleTime(cycles.map((c) => ({ raisedAtMs: c.raise.atMs, closedAtMs: c.close.atMs })));
  return {
    key,
    value: r.meanHours === null ? null : round1(r.meanHours),
    measures: { closed: r.closed, totalHours: round1(r.totalHours) },
    recordIds: cycles.flatMap((c) => [c.raise._id, c.close._id]),
  };
}

export function ncrCycleTimeRows(
  cycles: readonly NcrCycle[],
  groupBy: readonly Dimension[],
): { rows: ResultRow[]; total: ResultRow } {
  const byClose = new Map(cycles.map((c) => [c.close._id, c]));
  const rows = [
    ...groupFacts(
      cycles.map((c) => c.close),
      groupBy,
    ).values(),
  ].map((g) =>
    cycleTimeRow(
      g.key,
      g.facts.map((f) => byClose.get(f._id) as NcrCycle),
    ),
  );
  return { rows, total: cycleTimeRow({}, cycles) };
}
