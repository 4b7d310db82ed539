/**
 * Graded-relevance metrics over document revisions. A retriever ranks chunks; several
 * chunks of one revision count once, at the rank of the first (what a reader clicks
 * through to is the revision).
 */

/** Distinct keys in first-seen order. */
export function distinctInOrder(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

const gain = (grade: number) => 2 ** grade - 1;

/** nDCG@k with exponential gain (2^g - 1) and log2(rank + 1) discount; 0 when nothing is relevant. */
export function ndcgAt(
  k: number,
  ranked: readonly string[],
  judgments: Readonly<Record<string, number>>,
): number {
  const dcg = ranked.slice(0, k).reduce((s, key, i) => s + gain(judgments[key] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(judgments)
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the revisions graded >= minGrade that appear in the top k. */
export function recallAt(
  k: number,
  ranked: readonly string[],
  judgments: Readonly<Record<string, number>>,
  minGrade = 2,
): number {
  const relevant = Object.entries(judgments)
    .filter(([, g]) => g >= minGrade)
    .map(([key]) => key);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((key) => top.has(key)).length / relevant.length;
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}
