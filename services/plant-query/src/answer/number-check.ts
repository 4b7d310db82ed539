/**
 * Every number, date, time and identifier the narrative states must come from the
 * query result. Same rules as libs/llm's number check (which its public API does not
 * export): a number written with d decimals matches a result value that rounds to it,
 * a percentage also matches a fraction, identifiers and dates must appear verbatim.
 */
export interface NarrativeCheck {
  passed: boolean;
  /** What the narrative states that the result does not contain. */
  unsupported: string[];
}

const DATE = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?\b/g;
const TIME = /\b\d{1,2}:\d{2}(?::\d{2})?\b/g;
const IDENTIFIER = /\b[A-Za-z]+(?:[-_/.]?[A-Za-z]*\d[\w-]*)\b/g;
const NUMBER = /(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|(?<![\w.])-?\d+(?:\.\d+)?%?/g;

function numbersOf(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number' && Number.isFinite(value)) out.push(Math.abs(value));
  else if (typeof value === 'string')
    for (const m of value.matchAll(NUMBER)) out.push(Math.abs(Number(m[0].replace(/[%,]/g, ''))));
  else if (Array.isArray(value)) value.forEach((v) => numbersOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbersOf(v, out));
  return out;
}

export function checkNarrativeNumbers(narrative: string, result: unknown): NarrativeCheck {
  const haystack = JSON.stringify(result).toLowerCase();
  const candidates = numbersOf(result);
  const unsupported: string[] = [];
  const verbatim: string[] = [];
  const plain = narrative
    .replace(DATE, (m) => (verbatim.push(m), ' '))
    .replace(TIME, (m) => (verbatim.push(m), ' '))
    .replace(IDENTIFIER, (m) => (verbatim.push(m), ' '));
  for (const v of verbatim) if (!haystack.includes(v.toLowerCase())) unsupported.push(v);
  for (const m of plain.matchAll(NUMBER)) {
    const raw = m[0];
    const percent = raw.endsWith('%');
    const digits = raw.replace(/[%,-]/g, '');
    const decimals = digits.includes('.') ? (digits.split('.')[1]?.length ?? 0) : 0;
    const written = Number(digits);
    const tolerance = 0.5 * 10 ** -decimals + 1e-9;
    const found = candidates.some(
      (c) => Math.abs(c - written) <= tolerance || (percent && Math.abs(c * 100 - written) <= tolerance),
    );
    if (!found) unsupported.push(raw);
  }
  return { passed: unsupported.length === 0, unsupported };
}
