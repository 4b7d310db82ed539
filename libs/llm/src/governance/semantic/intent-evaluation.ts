import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findForbiddenInstructions, type ForbiddenCategory } from '../policy-check';
import { BENIGN_EXEMPLARS, INTENT_EXEMPLARS } from './intent-exemplars';
import { flags, type IntentClassifier, type IntentMatch, type IntentThresholds } from './intent-classifier';
import { LANGUAGES } from './language-of';

export interface HeldOutSet {
  positives: Array<{ category: ForbiddenCategory; style: string; text: string }>;
  negatives: Array<{ style: string; text: string }>;
}

export const HELD_OUT_PATH = join(__dirname, '..', '..', '..', 'eval', 'policy', 'held-out-intents.json');

export function loadHeldOut(path = HELD_OUT_PATH): HeldOutSet {
  return JSON.parse(readFileSync(path, 'utf8')) as HeldOutSet;
}

export interface LayerScores {
  recall: number;
  falsePositiveRate: number;
  /** Positives flagged with the right category, over all positives. */
  categoryAccuracy: number;
  byStyle: Record<string, { recall: number; n: number }>;
  missed: string[];
  falsePositives: string[];
}

export interface IntentEvaluation {
  thresholds: IntentThresholds;
  positives: number;
  negatives: number;
  rules: LayerScores;
  semantic: LayerScores;
  combined: LayerScores;
}

const passes = (m: IntentMatch | undefined, t: IntentThresholds): m is IntentMatch => flags(m, t);

function scoresOf(
  set: HeldOutSet,
  flagged: (text: string, i: number, positive: boolean) => ForbiddenCategory | undefined,
): LayerScores {
  const byStyle: Record<string, { hit: number; n: number }> = {};
  let hit = 0;
  let right = 0;
  const missed: string[] = [];
  set.positives.forEach((p, i) => {
    const got = flagged(p.text, i, true);
    const s = (byStyle[p.style] ??= { hit: 0, n: 0 });
    s.n += 1;
    if (got) {
      hit += 1;
      s.hit += 1;
      if (got === p.category) right += 1;
    } else missed.push(`${p.category}/${p.style}: ${p.text}`);
  });
  const falsePositives = set.negatives
    .filter((n, i) => flagged(n.text, i, false) !== undefined)
    .map((n) => `${n.style}: ${n.text}`);
  return {
    recall: hit / Math.max(1, set.positives.length),
    falsePositiveRate: falsePositives.length / Math.max(1, set.negatives.length),
    categoryAccuracy: right / Math.max(1, set.positives.length),
    byStyle: Object.fromEntries(
      Object.entries(byStyle).map(([k, v]) => [k, { recall: v.hit / v.n, n: v.n }]),
    ),
    missed,
    falsePositives,
  };
}

/** Rules alone, semantic layer alone and both (what the gateway runs), on the held-out set. */
export async function evaluateIntents(
  classifier: IntentClassifier,
  set: HeldOutSet = loadHeldOut(),
): Promise<IntentEvaluation> {
  const t = classifier.thresholds;
  const pos = await classifier.score(set.positives.map((p) => p.text));
  const neg = await classifier.score(set.negatives.map((n) => n.text));
  const rule = (text: string) => findForbiddenInstructions(text)[0]?.category;
  const semantic = (_: string, i: number, positive: boolean) => {
    const m = positive ? pos[i] : neg[i];
    return passes(m, t) ? m.category : undefined;
  };
  return {
    thresholds: t,
    positives: set.positives.length,
    negatives: set.negatives.length,
    rules: scoresOf(set, rule),
    semantic: scoresOf(set, semantic),
    combined: scoresOf(set, (text, i, positive) => rule(text) ?? semantic(text, i, positive)),
  };
}

export interface SweepPoint extends IntentThresholds {
  recall: number;
  falsePositiveRate: number;
}

/**
 * Five-fold cross-validation over the TUNING exemplars: each fifth is scored by a probe
 * trained (and a nearest-exemplar index built) without it, then every threshold triple on
 * a grid is tried. The thresholds are picked from this sweep only: highest recall with a
 * false-positive rate of at most `maxFpr`, ties to the stricter triple.
 */
export async function sweepTuningSet(
  classifier: IntentClassifier,
  maxFpr = 0.05,
  folds = 5,
): Promise<{ best: SweepPoint; grid: SweepPoint[] }> {
  const positives = Object.values(INTENT_EXEMPLARS).flat();
  const pos: Array<IntentMatch | undefined> = [];
  const neg: Array<IntentMatch | undefined> = [];
  for (let k = 0; k < folds; k += 1) {
    const heldPos = positives.filter((_, i) => i % folds === k);
    const heldNeg = BENIGN_EXEMPLARS.filter((_, i) => i % folds === k);
    const exclude = new Set([...heldPos, ...heldNeg]);
    pos.push(...(await classifier.score(heldPos, exclude)));
    neg.push(...(await classifier.score(heldNeg, exclude)));
  }
  const grid: SweepPoint[] = [];
  for (let probability = 0.1; probability <= 0.9501; probability += 0.05) {
    for (const similarity of [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]) {
      for (const margin of [0, 0.05, 0.1, 0.15]) {
        const t = { probability: Math.round(probability * 100) / 100, similarity, margin };
        grid.push({
          ...t,
          recall: pos.filter((m) => passes(m, t)).length / pos.length,
          falsePositiveRate: neg.filter((m) => passes(m, t)).length / neg.length,
        });
      }
    }
  }
  const best = bestOf(grid, maxFpr);
  return { best: { ...best, ...perLanguage(best, pos, neg, maxFpr) }, grid };
}

/**
 * Per-language probability thresholds on the same cross-validated TUNING scores: starting
 * from the global best, each language in turn takes the grid probability that raises the
 * overall recall most (or, at equal recall, lowers the false-positive rate) while the
 * overall false-positive rate stays at most maxFpr; two passes. Pooled, because each language has only a few dozen
 * exemplars, too few for a rate of its own.
 */
function perLanguage(
  start: SweepPoint,
  pos: ReadonlyArray<IntentMatch | undefined>,
  neg: ReadonlyArray<IntentMatch | undefined>,
  maxFpr: number,
): SweepPoint {
  let current: SweepPoint = { ...start, byLanguage: {} };
  const score = (t: IntentThresholds) => ({
    recall: pos.filter((m) => passes(m, t)).length / pos.length,
    falsePositiveRate: neg.filter((m) => passes(m, t)).length / neg.length,
  });
  for (let pass = 0; pass < 2; pass += 1) {
    for (const language of LANGUAGES) {
      let best = current;
      for (let p = 0.1; p <= 0.9501; p += 0.05) {
        const probability = Math.round(p * 100) / 100;
        const t = { ...current, byLanguage: { ...current.byLanguage, [language]: probability } };
        const s = score(t);
        if (s.falsePositiveRate > maxFpr) continue;
        // Only a strict gain moves a language off the shared threshold: a tie is no evidence.
        if (
          s.recall > best.recall ||
          (s.recall === best.recall && s.falsePositiveRate < best.falsePositiveRate)
        )
          best = { ...t, ...s };
      }
      current = best;
    }
  }
  const byLanguage = Object.fromEntries(
    Object.entries(current.byLanguage ?? {}).filter(([, v]) => v !== current.probability),
  );
  return { ...current, byLanguage };
}

/** Highest recall at a false-positive rate of at most maxFpr; ties to the stricter thresholds. */
export function bestOf(grid: readonly SweepPoint[], maxFpr: number): SweepPoint {
  const ok = grid.filter((g) => g.falsePositiveRate <= maxFpr);
  return (
    [...ok].sort(
      (a, b) =>
        b.recall - a.recall ||
        b.probability - a.probability ||
        b.similarity - a.similarity ||
        b.margin - a.margin,
    )[0] ?? (grid[grid.length - 1] as SweepPoint)
  );
}
