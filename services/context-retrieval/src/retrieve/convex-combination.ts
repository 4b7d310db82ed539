import type { Fused, RankedList, RetrieverName } from './reciprocal-rank-fusion';

/**
 * Convex combination of normalised scores (Bruch et al., 2023): each list's scores are
 * scaled to [0, 1] by min-max over the list (for vectors the minimum may be fixed with
 * `vectorFloor`, e.g. 0 for cosine), then summed with the list's weight. A key a list did
 * not return gets 0 from it.
 */
export function convexCombination<T>(
  lists: readonly RankedList<T>[],
  weights: Partial<Record<RetrieverName, number>> = {},
  vectorFloor?: number,
): Fused<T>[] {
  const fused = new Map<string, Fused<T>>();
  for (const list of lists) {
    if (list.items.length === 0) continue;
    const weight = weights[list.retriever] ?? 1;
    const scores = list.items.map((i) => i.score);
    const max = Math.max(...scores);
    const min =
      list.retriever === 'vector' && vectorFloor !== undefined
        ? Math.min(vectorFloor, ...scores)
        : Math.min(...scores);
    const span = max - min;
    list.items.forEach((entry, index) => {
      const current = fused.get(entry.key) ?? { key: entry.key, item: entry.item, score: 0, ranks: {} };
      if (current.ranks[list.retriever]) return;
      current.score += weight * (span > 0 ? (entry.score - min) / span : 1);
      current.ranks[list.retriever] = { rank: index + 1, score: entry.score };
      fused.set(entry.key, current);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}
