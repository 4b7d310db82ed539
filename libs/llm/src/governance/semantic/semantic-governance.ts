import { truncate } from '../citation-check';
import type { CheckResult, LabelledSource } from '../governance.types';
import type { InjectionFinding } from '../injection-detector';
import { findForbiddenInstructions } from '../policy-check';
import { splitSentences, stripCitations } from '../sentences';
import { cosine } from './cached-embedder';
import type { IntentClassifier } from './intent-classifier';
import { normaliseNumbers } from './normalise-numbers';
import { checkSupport, evidenceUnits, type SupportResult, type SupportThresholds } from './support-check';

/** Untrusted text as scanned: where it sits (S2, input.operatorNotes.1) and what it says. */
export interface ScannedText {
  location: string;
  text: string;
}

/** Sentences of a text with their character offsets in it. */
export function sentenceSpans(text: string): Array<{ sentence: string; start: number; end: number }> {
  const spans: Array<{ sentence: string; start: number; end: number }> = [];
  let from = 0;
  for (const sentence of splitSentences(text)) {
    const at = text.indexOf(sentence.slice(0, Math.min(20, sentence.length)), from);
    const start = at >= 0 ? at : from;
    spans.push({ sentence, start, end: Math.min(text.length, start + sentence.length) });
    from = start + 1;
  }
  return spans;
}

/** Texts embedded ahead of an answer per call (a request with hundreds of fields is not embedded whole). */
const MAX_PREPARED = 256;

/** Echo threshold: an output sentence this close (cosine) to a flagged span repeats it. */
const ECHO_SIMILARITY = 0.8;
const ECHO_WORD_SHARE = 0.6;

const wordsOf = (t: string) =>
  new Set(
    normaliseNumbers(t)
      .toLowerCase()
      .match(/[\p{L}\p{N}]{3,}/gu) ?? [],
  );

/**
 * The checks that read meaning, beside the rules: forbidden intents in untrusted input
 * (so that text is flagged, withheld by the deterministic engine, never evidence and
 * never echoed), and in a model's output; support of each statement by its cited
 * sources; echoes of flagged input in the output.
 */
export class SemanticGovernance {
  constructor(
    readonly classifier: IntentClassifier | undefined,
    private readonly supportThresholds?: SupportThresholds,
  ) {}

  get semantic(): boolean {
    return this.classifier !== undefined;
  }

  /** Forbidden instructions inside data: by the rules, then by meaning. Offsets only. */
  async scanInput(items: readonly ScannedText[]): Promise<InjectionFinding[]> {
    const findings: InjectionFinding[] = [];
    const candidates: Array<{ location: string; start: number; end: number; sentence: string }> = [];
    for (const item of items) {
      for (const span of sentenceSpans(item.text)) {
        const rule = findForbiddenInstructions(span.sentence)[0];
        if (rule)
          findings.push({
            location: item.location,
            kind: 'forbidden-intent',
            start: span.start,
            end: span.end,
            category: rule.category,
          });
        else if (span.sentence.length >= 12) candidates.push({ location: item.location, ...span });
      }
    }
    if (this.classifier && candidates.length) {
      const matches = await this.classifier.classify(candidates.map((c) => c.sentence));
      candidates.forEach((c, i) => {
        const m = matches[i];
        if (m)
          findings.push({
            location: c.location,
            kind: 'forbidden-intent',
            start: c.start,
            end: c.end,
            category: m.category,
          });
      });
    }
    return findings;
  }

  /** The semantic policy layer over every sentence of the output (the rules ran first). */
  async checkPolicy(texts: readonly string[]): Promise<CheckResult> {
    if (!this.classifier)
      return {
        name: 'semantic-policy',
        passed: true,
        details: ['semantic layer off: no embedding model configured'],
      };
    const sentences = [
      ...new Set(
        texts
          .flatMap((t) => splitSentences(t))
          .map(stripCitations)
          .filter((s) => s.length >= 12),
      ),
    ];
    const matches = await this.classifier.classify(sentences);
    const details = sentences.flatMap((s, i) => {
      const m = matches[i];
      return m
        ? [
            `${m.category} (p ${m.probability.toFixed(2)}, nearest ${m.similarity.toFixed(2)}): "${truncate(s)}"`,
          ]
        : [];
    });
    return { name: 'semantic-policy', passed: details.length === 0, details };
  }

  /**
   * Embeds what the support and echo checks compare an answer with — every evidence unit
   * of the sources and every flagged span — into the cache. The gateway starts it before
   * the model call, so the work runs while the model writes and the checks after the
   * answer embed only the answer's own sentences. At most MAX_PREPARED texts per call.
   */
  async prepare(
    sources: readonly LabelledSource[],
    flaggedByLabel: ReadonlyMap<string, readonly string[]>,
  ): Promise<void> {
    if (!this.classifier) return;
    const units = sources.flatMap((s) => evidenceUnits(s, flaggedByLabel.get(s.label) ?? []));
    const flagged = [...flaggedByLabel.values()].flat();
    const texts = [...new Set([...flagged, ...units].map(normaliseNumbers))].slice(0, MAX_PREPARED);
    if (texts.length) await this.classifier.embedder.embed(texts);
  }

  async checkSupport(
    claimTexts: readonly string[],
    sources: readonly LabelledSource[],
    flaggedByLabel: ReadonlyMap<string, readonly string[]>,
  ): Promise<SupportResult> {
    return checkSupport(
      claimTexts,
      sources,
      flaggedByLabel,
      this.classifier?.embedder,
      this.supportThresholds,
    );
  }

  /** An output sentence that repeats flagged input (in words or meaning) fails, wherever it appears. */
  async checkEchoes(texts: readonly string[], flagged: readonly string[]): Promise<CheckResult> {
    if (flagged.length === 0) return { name: 'flagged-echo', passed: true, details: [] };
    const sentences = [
      ...new Set(
        texts
          .flatMap((t) => splitSentences(t))
          .map(stripCitations)
          .filter((s) => s.length >= 12),
      ),
    ];
    const details: string[] = [];
    const flaggedWords = flagged.map(wordsOf);
    let vectors: Float32Array[] | undefined;
    if (this.classifier)
      vectors = await this.classifier.embedder.embed([...sentences, ...flagged].map(normaliseNumbers));
    // Details name the output sentence by position, never quote it: it repeats the flagged text.
    sentences.forEach((s, i) => {
      const w = wordsOf(s);
      const lexical = Math.max(
        0,
        ...flaggedWords.map((f) => (f.size ? [...f].filter((x) => w.has(x)).length / f.size : 0)),
      );
      const semantic = vectors
        ? Math.max(
            -1,
            ...flagged.map((_, j) =>
              cosine(vectors?.[i] as Float32Array, vectors?.[sentences.length + j] as Float32Array),
            ),
          )
        : -1;
      if (lexical >= ECHO_WORD_SHARE || semantic >= ECHO_SIMILARITY)
        details.push(
          `output sentence ${i + 1} repeats flagged input (words ${lexical.toFixed(2)}, cosine ${semantic.toFixed(2)})`,
        );
    });
    return { name: 'flagged-echo', passed: details.length === 0, details };
  }
}
