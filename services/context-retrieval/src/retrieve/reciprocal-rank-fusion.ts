export type RetrieverName = 'bm25' | 'vector';

export interface RankedList<T> {
  retriever: RetrieverName;
  /** Best first. */
  items: readonly { key: string; item: T; score: number }[];
}

export interface Fused<T> {
  key: string;
  item: T;
  score: number;
  /** Which retrievers found it, with its 1-based rank and engine score in each. */
  ranks: Partial<Record<RetrieverName, { rank: number; score: number }>>;
}

/** The usual constant: damps the difference between rank 1 and rank 2 of one list. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list adds 1 / (k + rank). Only
 * ranks are used, so BM25 scores and cosine similarities need no common scale.
 */
export function reciprocalRankFusion<T>(
  lists: readonly RankedList<T>[],
  k = RRF_K,
  weights: Partial<Record<RetrieverName, number>> = {},
): Fused<T>[] {
  const fused = new Map<string, Fused<T>>();
  for (const list of lists) {
    const weight = weights[list.retriever] ?? 1;
    list.items.forEach((entry, index) => {
      const rank = index + 1;
      const current = fused.get(entry.key) ?? { key: entry.key, item: entry.item, score: 0, ranks: {} };
      // A list naming the same key twice counts its best rank only.
      if (current.ranks[list.retriever]) return;
      current.score += weight / (k + rank);
      current.ranks[list.retriever] = { rank, score: entry.score };
      fused.set(entry.key, current);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}
