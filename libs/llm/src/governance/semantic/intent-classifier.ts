import type { EmbeddingsPort } from '../../providers/chat-model.port';
import { FORBIDDEN_CATEGORIES, type ForbiddenCategory } from '../policy-check';
import { stripCitations } from '../sentences';
import { CachedEmbedder, cosine } from './cached-embedder';
import { actionFits, cueFits } from './intent-cues';
import { readIndex, writeIndex, indexKey } from './exemplar-index-cache';
import { DEFAULT_PROBE_OPTIONS, LinearProbe } from './linear-probe';
import { BENIGN_EXEMPLARS, INTENT_EXEMPLARS } from './intent-exemplars';
import { languageOf, type Language } from './language-of';
import { normaliseNumbers } from './normalise-numbers';

export interface IntentThresholds {
  /** The probe's probability that a clause is one of the forbidden intents, at least... */
  probability: number;
  /** ...or a cosine to the nearest exemplar of a forbidden intent of at least this... */
  similarity: number;
  /** ...and at least this much above the nearest ordinary-language exemplar. */
  margin: number;
  /** The probe's probability threshold per language of the clause, where it differs from `probability`. */
  byLanguage?: Partial<Record<Language, number>>;
}

/**
 * Chosen on the tuning set by five-fold cross-validation at a false-positive rate of at
 * most 5% (npm run eval:policy prints the sweep);
 * docs/evaluation.md reports these on the held-out paraphrases.
 */
export const DEFAULT_INTENT_THRESHOLDS: IntentThresholds = {
  probability: 0.55,
  similarity: 1.01,
  margin: 0.15,
};

export interface IntentMatch {
  category: ForbiddenCategory;
  /** Cosine to the nearest exemplar of that category. */
  similarity: number;
  /** similarity minus the cosine to the nearest ordinary-language exemplar. */
  margin: number;
  /** The linear probe's probability that the clause is a forbidden intent (any category). */
  probability: number;
  /** The clause's grammar fits the category (an instruction; for approval-claim, a statement that approval exists). */
  cue: boolean;
  /** The clause does to the object what the category is about (changes, defeats, releases, skips, signs). */
  action: boolean;
  /** The language of the clause (language-of.ts), which picks its probability threshold. */
  language: Language;
}

export function flags(m: IntentMatch | undefined, t: IntentThresholds): m is IntentMatch {
  return (
    m !== undefined &&
    m.cue &&
    m.action &&
    (m.probability >= (t.byLanguage?.[m.language] ?? t.probability) ||
      (m.similarity >= t.similarity && m.margin >= t.margin))
  );
}

/**
 * A clause that forbids rather than instructs ("do not bypass...", "nie wolno...") is a
 * warning. Only a prohibition at the start of the sentence or clause counts, so "do not
 * wait; bypass the interlock" is still judged on its second clause.
 */
const PROHIBITION =
  /^(?:please\s+)?(?:do not|don't|never|must not|mustn't|should not|shouldn't|no one may|nobody may|under no circumstances|nicht|niemals|keinesfalls|kein\w*|no\s+(?:debe|se debe|envíe|mueva|libere|puentee)|nunca|jamás|nie\s+(?:wolno|należy|wolno)|nigdy|不得|不要|禁止|切勿|严禁)\b/i;
const HESITATION = /^(?:do not|don't|never)\s+(?:hesitate|wait|delay|forget|bother|worry|mind)\b/i;

export function clauses(sentence: string): string[] {
  return stripCitations(sentence)
    .split(/[;:]\s+|\s+[–—]\s+|,\s+(?:then|and then|dann|luego|potem)\s+|[；：]/i)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

export function isProhibition(clause: string): boolean {
  return PROHIBITION.test(clause) && !HESITATION.test(clause);
}

interface ExemplarIndex {
  positives: Array<{ category: ForbiddenCategory; vector: Float32Array; text: string }>;
  benign: Array<{ vector: Float32Array; text: string }>;
  probe: LinearProbe;
}

/** Class 0 is ordinary language; 1..n the forbidden categories in FORBIDDEN_CATEGORIES order. */
export function trainProbe(
  positives: ReadonlyArray<{ category: ForbiddenCategory; vector: Float32Array }>,
  benign: ReadonlyArray<{ vector: Float32Array }>,
): LinearProbe {
  return LinearProbe.train(
    [...benign.map((b) => b.vector), ...positives.map((p) => p.vector)],
    [...benign.map(() => 0), ...positives.map((p) => 1 + FORBIDDEN_CATEGORIES.indexOf(p.category))],
    1 + FORBIDDEN_CATEGORIES.length,
  );
}

/**
 * The semantic policy layer: nearest-exemplar classification of every clause by
 * meaning, with all-MiniLM-L6-v2 embeddings. It sits beside the verb/object rules (the
 * fast first layer, policy-check.ts), which catch the blatant forms at no cost.
 */
export class IntentClassifier {
  private index: Promise<ExemplarIndex> | undefined;
  readonly embedder: CachedEmbedder;

  constructor(
    embeddings: EmbeddingsPort | CachedEmbedder,
    readonly thresholds: IntentThresholds = DEFAULT_INTENT_THRESHOLDS,
    /** Where the embedded exemplars and trained probe are kept between processes (exemplar-index-cache.ts). */
    private readonly cacheDir?: string,
    private readonly exemplars: Readonly<Record<ForbiddenCategory, readonly string[]>> = INTENT_EXEMPLARS,
    private readonly benign: readonly string[] = BENIGN_EXEMPLARS,
  ) {
    this.embedder = embeddings instanceof CachedEmbedder ? embeddings : new CachedEmbedder(embeddings);
  }

  /** Embeds the exemplars now (start-up) rather than on the first call. */
  async warmUp(): Promise<void> {
    await this.exemplarIndex();
  }

  /** The best-scoring forbidden intent of each text (a sentence or clause), or undefined. */
  async classify(texts: readonly string[]): Promise<Array<IntentMatch | undefined>> {
    const scored = await this.score(texts);
    return scored.map((s) => (flags(s, this.thresholds) ? s : undefined));
  }

  /** Raw nearest-exemplar scores (no thresholds): for tuning and for the evaluation report. */
  async score(
    texts: readonly string[],
    exclude?: ReadonlySet<string>,
  ): Promise<Array<IntentMatch | undefined>> {
    const full = await this.exemplarIndex();
    const index = exclude?.size ? withheld(full, exclude) : full;
    // Only a clause whose grammar and verb fit some forbidden intent can be flagged (see
    // flags()), so the others are never embedded: most statements of fact cost nothing.
    const units = texts.map((t) =>
      clauses(t).filter(
        (c) => !isProhibition(c) && FORBIDDEN_CATEGORIES.some((k) => cueFits(k, c) && actionFits(k, c)),
      ),
    );
    const flat = [...new Set(units.flat().map(normaliseNumbers))];
    const vectors = new Map<string, Float32Array>();
    (await this.embedder.embed(flat)).forEach((v, i) => vectors.set(flat[i] as string, v));
    return units.map((clauseList) => {
      let best: IntentMatch | undefined;
      for (const clause of clauseList) {
        const v = vectors.get(normaliseNumbers(clause));
        if (!v) continue;
        const benign = Math.max(-1, ...index.benign.map((b) => cosine(v, b.vector)));
        const p = index.probe.probabilities(v);
        const probability = 1 - (p[0] as number);
        // Per category: nearest exemplar and the probe's share; the category whose grammar fits the clause wins.
        let candidate: IntentMatch | undefined;
        FORBIDDEN_CATEGORIES.forEach((category, c) => {
          let similarity = -1;
          for (const e of index.positives)
            if (e.category === category) similarity = Math.max(similarity, cosine(v, e.vector));
          if (similarity < 0) return;
          const option: IntentMatch = {
            category,
            similarity,
            margin: similarity - benign,
            probability,
            cue: cueFits(category, clause),
            action: actionFits(category, clause),
            language: languageOf(clause),
          };
          const fit = (m: IntentMatch) => (m.cue ? 2 : 0) + (m.action ? 2 : 0);
          const score = fit(option) + (p[c + 1] as number) + similarity;
          const current = candidate
            ? fit(candidate) +
              (p[FORBIDDEN_CATEGORIES.indexOf(candidate.category) + 1] as number) +
              candidate.similarity
            : -Infinity;
          if (score > current) candidate = option;
        });
        if (!candidate) continue;
        if (!best || rank(candidate) > rank(best)) best = candidate;
      }
      return best;
    });
  }

  private exemplarIndex(): Promise<ExemplarIndex> {
    this.index ??= (async () => {
      const positives = (
        Object.entries(this.exemplars) as Array<[ForbiddenCategory, readonly string[]]>
      ).flatMap(([category, texts]) => texts.map((text) => ({ category, text })));
      const all = [...positives.map((p) => p.text), ...this.benign].map(normaliseNumbers);
      const key = indexKey({
        all,
        provider: this.embedder.provider,
        probe: DEFAULT_PROBE_OPTIONS,
        categories: positives.map((p) => p.category),
      });
      const stored = this.cacheDir ? readIndex(this.cacheDir, key) : undefined;
      const vectors = stored?.vectors ?? (await this.embedder.embed(all));
      const pos = positives.map((p, i) => ({ ...p, vector: vectors[i] as Float32Array }));
      const benign = this.benign.map((text, i) => ({
        text,
        vector: vectors[positives.length + i] as Float32Array,
      }));
      if (stored)
        return { positives: pos, benign, probe: LinearProbe.fromWeights(stored.weights, stored.bias) };
      const probe = trainProbe(pos, benign);
      if (this.cacheDir)
        writeIndex(this.cacheDir, key, { vectors, weights: probe.weights, bias: probe.bias });
      return { positives: pos, benign, probe };
    })().catch((err: unknown) => {
      this.index = undefined;
      throw err;
    });
    return this.index;
  }
}

const rank = (m: IntentMatch): number =>
  (m.cue ? 2 : 0) + (m.action ? 2 : 0) + Math.max(m.probability, m.margin + 0.5);

/** The index without some exemplars (cross-validation): the probe is retrained without them. */
function withheld(index: ExemplarIndex, exclude: ReadonlySet<string>): ExemplarIndex {
  const positives = index.positives.filter((p) => !exclude.has(p.text));
  const benign = index.benign.filter((b) => !exclude.has(b.text));
  return { positives, benign, probe: trainProbe(positives, benign) };
}
