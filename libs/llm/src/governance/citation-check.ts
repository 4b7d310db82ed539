import type { CheckResult } from './governance.types';
import { citedLabels, isClaim, splitSentences } from './sentences';

/**
 * Every claim sentence must cite at least one source label, and every cited label
 * must be one of the sources the model was given.
 */
export function checkCitations(
  claimTexts: readonly string[],
  knownLabels: ReadonlySet<string>,
): CheckResult & { cited: string[] } {
  const details: string[] = [];
  const cited = new Set<string>();
  for (const text of claimTexts) {
    for (const sentence of splitSentences(text)) {
      const labels = citedLabels(sentence);
      for (const label of labels) {
        if (knownLabels.has(label)) cited.add(label);
        else details.push(`cites unknown source ${label}: "${truncate(sentence)}"`);
      }
      if (labels.length === 0 && isClaim(sentence)) details.push(`uncited claim: "${truncate(sentence)}"`);
    }
  }
  return { name: 'citations', passed: details.length === 0, details, cited: [...cited].sort(byLabel) };
}

export function byLabel(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

export function truncate(s: string, max = 120): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
