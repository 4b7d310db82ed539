import { inspect } from 'node:util';
import type { RedactionDictionary } from './redaction-dictionary';

export type RedactionKind = 'PERSON' | 'BADGE' | 'EMAIL' | 'PHONE' | 'CUSTOMER' | 'SUPPLIER';

/** Matches a placeholder with or without its guillemets (models sometimes drop them). */
export const PLACEHOLDER_PATTERN = /«?\b(PERSON|BADGE|EMAIL|PHONE|CUSTOMER|SUPPLIER)_(\d+)\b»?/g;

/**
 * Placeholder -> original value for one generation. It lives only in this object:
 * serialising or inspecting it shows counts, never values, so it cannot leak into logs,
 * call records or Kafka by accident.
 */
export class RedactionMap {
  readonly #byPlaceholder = new Map<string, string>();
  readonly #byValue = new Map<string, string>();
  readonly #counters = new Map<RedactionKind, number>();

  placeholderFor(kind: RedactionKind, value: string): string {
    const key = `${kind}:${value.toLowerCase()}`;
    const existing = this.#byValue.get(key);
    if (existing) return existing;
    const n = (this.#counters.get(kind) ?? 0) + 1;
    this.#counters.set(kind, n);
    const placeholder = `«${kind}_${n}»`;
    this.#byValue.set(key, placeholder);
    this.#byPlaceholder.set(`${kind}_${n}`, value);
    return placeholder;
  }

  get size(): number {
    return this.#byPlaceholder.size;
  }

  counts(): Partial<Record<RedactionKind, number>> {
    return Object.fromEntries(this.#counters);
  }

  restore(text: string): string {
    return text.replace(
      PLACEHOLDER_PATTERN,
      (match, kind: string, n: string) => this.#byPlaceholder.get(`${kind}_${n}`) ?? match,
    );
  }

  /** Restores every string inside a JSON-like value. */
  restoreDeep<T>(value: T): T {
    if (typeof value === 'string') return this.restore(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.restoreDeep(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.restoreDeep(v)])) as T;
    }
    return value;
  }

  toJSON(): { redactions: Partial<Record<RedactionKind, number>> } {
    return { redactions: this.counts() };
  }

  [inspect.custom](): string {
    return `RedactionMap(${JSON.stringify(this.counts())})`;
  }
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const PHONES = [
  /\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}/g, // international
  /\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g, // North American
  /\b0\d{2,4}[\s/-]\d{4,8}\b/g, // European local with trunk prefix
];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function termPattern(term: string): RegExp {
  // Whitespace inside a name may be any run of spaces; word boundaries that also work next to punctuation.
  const body = term.trim().split(/\s+/).map(escapeRegex).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
  minDigits?: number;
}

/**
 * Dictionary- and pattern-based redaction for one site: employee names, aliases and
 * badge ids, customer and supplier names, emails and phone numbers. Names outside the
 * dictionary are not found (no NER); that limit is recorded in ADR 0007.
 */
export class Redactor {
  private readonly rules: Rule[];

  constructor(dictionary: RedactionDictionary) {
    const terms: Array<{ kind: RedactionKind; term: string }> = [];
    for (const e of dictionary.employees) {
      terms.push({ kind: 'PERSON', term: e.name });
      for (const alias of e.aliases) terms.push({ kind: 'PERSON', term: alias });
      if (e.badge) terms.push({ kind: 'BADGE', term: e.badge });
    }
    for (const c of dictionary.customers) terms.push({ kind: 'CUSTOMER', term: c });
    for (const s of dictionary.suppliers) terms.push({ kind: 'SUPPLIER', term: s });
    // Longest first, so "Acme Castings Ltd" wins over "Acme".
    terms.sort((a, b) => b.term.length - a.term.length);
    this.rules = [
      { kind: 'EMAIL', pattern: EMAIL },
      ...terms.map((t) => ({ kind: t.kind, pattern: termPattern(t.term) })),
      ...(dictionary.badgePattern
        ? [{ kind: 'BADGE' as const, pattern: new RegExp(`\\b(?:${dictionary.badgePattern})\\b`, 'g') }]
        : []),
      ...PHONES.map((pattern) => ({ kind: 'PHONE' as const, pattern, minDigits: 7 })),
    ];
  }

  redact(text: string, map: RedactionMap): string {
    let out = text;
    for (const rule of this.rules) {
      out = out.replace(rule.pattern, (match) => {
        if (rule.minDigits && (match.match(/\d/g)?.length ?? 0) < rule.minDigits) return match;
        if (match.includes('«') || match.includes('»')) return match;
        return map.placeholderFor(rule.kind, match);
      });
    }
    return out;
  }

  /** Redacts every string inside a JSON-like value. */
  redactDeep<T>(value: T, map: RedactionMap): T {
    if (typeof value === 'string') return this.redact(value, map) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v, map)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v, map)])) as T;
    }
    return value;
  }
}
