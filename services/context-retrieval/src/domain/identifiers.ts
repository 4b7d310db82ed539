/**
 * Exact identifiers: alarm codes (A-200, TEMP_HI), machine ids (a-l1-m2), part and
 * product numbers (HP-2210, PX-100), NCR and work order ids (NCR-1042). Analysers split
 * them on punctuation ("A-200" becomes "a" and "200", which match half the corpus), so
 * both adapters also index them whole, normalised, in a field of their own.
 */

// Compound tokens joined by - _ / or . ("A-200", "a-l1-m2", "BRG-6204-2RS", "TEMP_HI").
const COMPOUND = /(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:[-_/.][\p{L}\p{N}]+)+(?![\p{L}\p{N}])/gu;
// Single tokens mixing letters and digits ("M12", "6204ZZ"), at least three characters.
const ALNUM =
  /(?<![\p{L}\p{N}_-])(?=[\p{L}\p{N}]*\p{L})(?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]{3,}(?![\p{L}\p{N}_-])/gu;

function isIdentifier(token: string): boolean {
  if (/\p{N}/u.test(token) && /\p{L}/u.test(token)) return true;
  // Upper-case codes joined by underscores (TEMP_HI, PRESS_LO) carry no digit.
  return /^[A-Z]{2,}(?:_[A-Z0-9]{2,})+$/.test(token);
}

/** Lower-case, with a trailing sentence full stop removed. */
export function normaliseIdentifier(token: string): string {
  return token.replace(/[.]+$/, '').toLowerCase();
}

/** Every identifier in `text`, normalised and de-duplicated, in order of appearance. */
export function extractIdentifiers(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(COMPOUND)) {
    const token = m[0].replace(/[.]+$/, '');
    // Version numbers and dates ("3.2", "2026-01-15") are not identifiers.
    if (isIdentifier(token)) found.add(normaliseIdentifier(token));
  }
  for (const m of text.matchAll(ALNUM)) found.add(normaliseIdentifier(m[0]));
  return [...found];
}

/** A form without punctuation, for full-text engines that would split on it. */
export function compactIdentifier(identifier: string): string {
  return identifier.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
