const ABBREVIATIONS = /\b(?:e\.g|i\.e|approx|ca|no|vs|etc|rev|min|max|fig|ref)\.(?=\s)/gi;
const MARKERS_ONLY = /^(?:\[[^\]]*\]\s*)+/;

/**
 * Splits prose into sentences. Citation markers written after the full stop
 * ("... 12 parts. [S1]") are attached to the sentence before them.
 */
export function splitSentences(text: string): string[] {
  const protectedText = text.replace(ABBREVIATIONS, (m) => `${m.slice(0, -1)}\uE000`);
  const parts = protectedText
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\uE000/g, '.').trim())
    .filter((s) => s.length > 0);
  const sentences: string[] = [];
  for (const part of parts) {
    const leading = MARKERS_ONLY.exec(part)?.[0];
    if (leading && sentences.length > 0) {
      sentences[sentences.length - 1] += ` ${leading.trim()}`;
      const rest = part.slice(leading.length).trim();
      if (rest) sentences.push(rest);
    } else {
      sentences.push(part);
    }
  }
  return sentences;
}

const CITATION_GROUP = /\[((?:S\d+)(?:\s*[,;]\s*S\d+)*)\]/g;

/** Labels cited in a sentence: `[S1]`, `[S1, S2]` and `[S1][S3]` forms. */
export function citedLabels(sentence: string): string[] {
  const labels: string[] = [];
  for (const m of sentence.matchAll(CITATION_GROUP))
    labels.push(...(m[1] ?? '').split(/[,;]/).map((s) => s.trim()));
  return [...new Set(labels)];
}

export function stripCitations(sentence: string): string {
  return sentence.replace(CITATION_GROUP, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A sentence counts as a claim when it carries a number or at least four words;
 * short fragments ("None.", "No open actions.") state nothing checkable.
 */
export function isClaim(sentence: string): boolean {
  const plain = stripCitations(sentence);
  if (/\d/.test(plain.replace(/«[A-Z]+_\d+»/g, ''))) return true;
  return (plain.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 4;
}
