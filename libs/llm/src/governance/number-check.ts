import { truncate } from './citation-check';
import type { CheckResult, LabelledSource } from './governance.types';
import { citedLabels, splitSentences, stripCitations } from './sentences';

const PLACEHOLDER = /«?\b(?:PERSON|BADGE|EMAIL|PHONE|CUSTOMER|SUPPLIER)_\d+\b»?/g;
const DATE = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?\b/g;
const TIME = /\b\d{1,2}:\d{2}(?::\d{2})?\b/g;
/** Identifiers with digits in them (NCR-1042, L3, CNC-07, WO-88121): must appear verbatim. */
const IDENTIFIER = /\b[A-Za-z]+(?:[-_/.]?[A-Za-z]*\d[\w-]*)\b/g;
const NUMBER = /(?<![\w.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|(?<![\w.])[-−]?\d+(?:\.\d+)?%?/g;

interface Written {
  value: number;
  decimals: number;
  percent: boolean;
  raw: string;
}

function parseWritten(raw: string): Written {
  const percent = raw.endsWith('%');
  const digits = raw.replace(/[%,−-]/g, '');
  const decimals = digits.includes('.') ? (digits.split('.')[1]?.length ?? 0) : 0;
  return { value: Math.abs(Number(digits)), decimals, percent, raw };
}

/** Numbers present in a source: in its text and anywhere in its structured data. */
export function sourceNumbers(source: LabelledSource): number[] {
  const out: number[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'number' && Number.isFinite(v)) out.push(Math.abs(v));
    else if (typeof v === 'string') out.push(...numbersIn(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(source.text);
  visit(source.title ?? '');
  visit(source.data ?? {});
  return out;
}

function numbersIn(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((m) => parseWritten(m[0]).value);
}

function sourceTokens(source: LabelledSource): string {
  return `${source.id} ${source.title ?? ''} ${source.text} ${JSON.stringify(source.data ?? {})}`.toLowerCase();
}

/**
 * Tolerance: a number written with d decimals matches a source value that rounds to it
 * at d decimals (|v - t| <= 0.5 * 10^-d), so "87.3%" matches 87.26 and "87%" matches
 * 87.4 but not 87.6. A percentage also matches a fraction (87% vs 0.87). Dates, times
 * and identifiers must appear verbatim in a cited source.
 */
export function matchesSource(written: Written, candidates: readonly number[]): boolean {
  const tolerance = 0.5 * 10 ** -written.decimals + 1e-9;
  return candidates.some(
    (v) =>
      Math.abs(v - written.value) <= tolerance ||
      (written.percent && Math.abs(v * 100 - written.value) <= tolerance),
  );
}

/** Every number, date, time and identifier in a claim sentence must be found in a source that sentence cites. */
export function checkNumbers(claimTexts: readonly string[], sources: readonly LabelledSource[]): CheckResult {
  const byLabel = new Map(sources.map((s) => [s.label, s]));
  const details: string[] = [];
  for (const text of claimTexts) {
    for (const sentence of splitSentences(text)) {
      const cited = citedLabels(sentence)
        .map((l) => byLabel.get(l))
        .filter((s): s is LabelledSource => s !== undefined);
      let plain = stripCitations(sentence).replace(PLACEHOLDER, ' ');
      const verbatim: string[] = [];
      plain = plain
        .replace(DATE, (m) => (verbatim.push(m), ' '))
        .replace(TIME, (m) => (verbatim.push(m), ' '));
      plain = plain.replace(IDENTIFIER, (m) => (verbatim.push(m), ' '));
      const numbers = [...plain.matchAll(NUMBER)].map((m) => parseWritten(m[0]));
      if (numbers.length + verbatim.length === 0) continue;
      if (cited.length === 0) {
        details.push(`numbers without a cited source: "${truncate(sentence)}"`);
        continue;
      }
      const tokens = cited.map(sourceTokens).join(' ');
      for (const v of verbatim) {
        if (!tokens.includes(v.toLowerCase()))
          details.push(
            `"${v}" not found in ${cited.map((s) => s.label).join(', ')}: "${truncate(sentence)}"`,
          );
      }
      const candidates = cited.flatMap(sourceNumbers);
      for (const n of numbers) {
        if (!matchesSource(n, candidates))
          details.push(`${n.raw} not in ${cited.map((s) => s.label).join(', ')}: "${truncate(sentence)}"`);
      }
    }
  }
  return { name: 'numbers', passed: details.length === 0, details };
}
