import { isAbsolute, resolve } from 'node:path';
import {
  detectInjection,
  loadRedactionDictionary,
  RedactionMap,
  Redactor,
  type InjectionFinding,
  type RedactionKind,
} from '@andon/llm';

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

/**
 * Tool arguments come from a model the plant does not run, steered by whatever text it
 * read: they are treated like shop-floor text. Every string in them is scanned by the
 * same injection detector the LLM gateway runs on operator input, and text crossing
 * the boundary is redacted with the site's dictionary, as before any model call.
 */
export class UntrustedInput {
  private readonly redactors = new Map<string, Redactor>();
  private readonly dir: string;

  constructor(redactionDir: string, baseDir: string = process.cwd()) {
    this.dir = isAbsolute(redactionDir) ? redactionDir : resolve(baseDir, redactionDir);
  }

  /** Findings for every string in the arguments, located by their path (arguments.reason). */
  scan(args: unknown): InjectionFinding[] {
    return strings(args, 'arguments').flatMap(([path, text]) => detectInjection(path, text));
  }

  /** Redacts every string in `value` for `site` (the default dictionary when none is named). */
  redact<T>(site: string | undefined, value: T): { value: T; redactions: RedactionCounts } {
    const map = new RedactionMap();
    const out = this.redactorFor(site).redactDeep(value, map);
    return { value: out, redactions: map.counts() };
  }

  private redactorFor(site: string | undefined): Redactor {
    const key = site && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(site) ? site : 'default';
    let r = this.redactors.get(key);
    if (!r) {
      // Dictionaries are named by the lower-case site id; the loader normalises the code.
      r = new Redactor(loadRedactionDictionary(this.dir, key));
      this.redactors.set(key, r);
    }
    return r;
  }
}

function strings(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}
