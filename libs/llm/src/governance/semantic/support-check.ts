import { truncate } from '../citation-check';
import type { CheckResult, LabelledSource } from '../governance.types';
import { citedLabels, isClaim, splitSentences, stripCitations } from '../sentences';
import type { CachedEmbedder } from './cached-embedder';
import { cosine } from './cached-embedder';
import { isDirective } from './intent-cues';
import { normaliseNumbers } from './normalise-numbers';

export interface SupportThresholds {
  /** Share of a statement's content words found in the sources it cites... */
  lexical: number;
  /** ...or cosine to the closest unit (sentence or field) of those sources. */
  semantic: number;
}

/** See docs/evaluation.md (support check) for how these were chosen. */
export const DEFAULT_SUPPORT_THRESHOLDS: SupportThresholds = { lexical: 0.5, semantic: 0.2 };

export interface SentenceSupport {
  sentence: string;
  labels: string[];
  /** 0..1 */
  lexical: number;
  /** Cosine to the closest evidence unit; undefined when the lexical anchor sufficed. */
  semantic?: number;
  /** max(lexical, semantic) */
  score: number;
  supported: boolean;
}

export interface SupportResult extends CheckResult {
  sentences: SentenceSupport[];
  /** Mean score over checked statements, 1 when there were none. */
  meanScore: number;
}

const STOP = new Set(
  'a an and are as at be been by for from has have in is it its of on or that the this to was were will with which while there their than then into per also both after before during over under about all any each more most other some such only same so not no can could should would may might must shall our we they them he she his her you your'.split(
    ' ',
  ),
);

/** Crude, language-agnostic enough: lower case, strip common English endings. */
function stem(word: string): string {
  return word.toLowerCase().replace(/(?:ing|ed|es|s)$/u, '');
}

function contentWords(text: string): string[] {
  const plain = normaliseNumbers(stripCitations(text)).replace(/«[A-Z]+_\d+»/g, ' ');
  const split = plain.replace(/([a-z])([A-Z])/g, '$1 $2');
  return (split.match(/[\p{L}][\p{L}\p{N}-]*/gu) ?? [])
    .filter((w) => w.length > 2 && !STOP.has(w.toLowerCase()))
    .map(stem);
}

function leaves(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push([path, String(value)]);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
}

/**
 * A source as small evidence units: its sentences and its structured fields as "key
 * value" phrases. Units that overlap a flagged span are dropped: text that carried an
 * injection or a forbidden instruction is never evidence for anything.
 */
export function evidenceUnits(source: LabelledSource, flagged: readonly string[]): string[] {
  const fields: Array<[string, string]> = [];
  leaves(source.data ?? {}, '', fields);
  const units = [
    ...(source.title ? [source.title] : []),
    ...splitSentences(source.text),
    ...fields.flatMap(([path, value]) => {
      const key = (
        path
          .split('.')
          .filter((p) => !/^\d+$/.test(p))
          .pop() ?? ''
      )
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase();
      return value.length > 80 ? splitSentences(value) : [`${key} ${value}`];
    }),
  ];
  return units.filter((u) => !flagged.some((f) => f.length > 0 && (u.includes(f) || f.includes(u))));
}

const MAX_UNITS = 3;

function closestUnits(words: readonly string[], units: readonly string[]): string[] {
  const mine = new Set(words);
  return units
    .map((u, i) => ({ u, i, shared: contentWords(u).filter((w) => mine.has(w)).length }))
    .sort((a, b) => b.shared - a.shared || a.i - b.i)
    .slice(0, MAX_UNITS)
    .map((x) => x.u);
}

/**
 * Support, not labels: every statement (not instructions: those are the policy layer's)
 * must be anchored in the sources it cites — by its words (after numbers in words, units
 * and ranges are normalised) or by meaning (all-MiniLM-L6-v2 cosine to a sentence or
 * field of those sources). A sentence whose only support is flagged text is unsupported.
 */
export async function checkSupport(
  claimTexts: readonly string[],
  sources: readonly LabelledSource[],
  flaggedByLabel: ReadonlyMap<string, readonly string[]>,
  embedder: CachedEmbedder | undefined,
  thresholds: SupportThresholds = DEFAULT_SUPPORT_THRESHOLDS,
): Promise<SupportResult> {
  const byLabel = new Map(sources.map((s) => [s.label, s]));
  const unitsByLabel = new Map<string, string[]>();
  const unitsOf = (label: string): string[] => {
    let units = unitsByLabel.get(label);
    if (!units) {
      const source = byLabel.get(label);
      units = source ? evidenceUnits(source, flaggedByLabel.get(label) ?? []) : [];
      unitsByLabel.set(label, units);
    }
    return units;
  };
  const pending: Array<{ s: SentenceSupport; units: string[] }> = [];
  const sentences: SentenceSupport[] = [];
  for (const text of claimTexts) {
    for (const sentence of splitSentences(text)) {
      const labels = citedLabels(sentence).filter((l) => byLabel.has(l));
      if (labels.length === 0 || !isClaim(sentence) || isDirective(stripCitations(sentence))) continue;
      const units = labels.flatMap(unitsOf);
      const words = contentWords(sentence);
      const evidence = new Set(units.flatMap(contentWords));
      const lexical = words.length === 0 ? 1 : words.filter((w) => evidence.has(w)).length / words.length;
      const s: SentenceSupport = {
        sentence,
        labels,
        lexical,
        score: lexical,
        supported: lexical >= thresholds.lexical,
      };
      sentences.push(s);
      // Meaning is compared with the units that share the most words with the sentence (at
      // most MAX_UNITS), so a request with dozens of fields costs a few embeddings, not all.
      if (!s.supported && embedder && units.length > 0)
        pending.push({ s, units: closestUnits(words, units) });
    }
  }
  if (pending.length && embedder) {
    const texts = [
      ...new Set(
        pending.flatMap((p) => [
          normaliseNumbers(stripCitations(p.s.sentence)),
          ...p.units.map(normaliseNumbers),
        ]),
      ),
    ];
    const vectors = new Map<string, Float32Array>();
    (await embedder.embed(texts)).forEach((v, i) => vectors.set(texts[i] as string, v));
    for (const { s, units } of pending) {
      const v = vectors.get(normaliseNumbers(stripCitations(s.sentence))) as Float32Array;
      s.semantic = Math.max(...units.map((u) => cosine(v, vectors.get(normaliseNumbers(u)) as Float32Array)));
      s.score = Math.max(s.lexical, s.semantic);
      s.supported = s.semantic >= thresholds.semantic;
    }
  }
  const failed = sentences.filter((s) => !s.supported);
  return {
    name: 'support',
    passed: failed.length === 0,
    details: failed.map(
      (s) =>
        `unsupported by ${s.labels.join(', ')} (lexical ${s.lexical.toFixed(2)}${s.semantic !== undefined ? `, semantic ${s.semantic.toFixed(2)}` : ''}): "${truncate(s.sentence)}"`,
    ),
    sentences,
    meanScore: sentences.length ? sentences.reduce((a, s) => a + s.score, 0) / sentences.length : 1,
  };
}
