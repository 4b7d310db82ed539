import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normaliseSiteId } from '@andon/plant-model';

export const redactionDictionarySchema = z.object({
  site: z.string().min(1),
  employees: z
    .array(
      z.object({
        name: z.string().min(2),
        badge: z.string().min(2).optional(),
        aliases: z.array(z.string().min(2)).default([]),
      }),
    )
    .default([]),
  /** Regex (source) for badge ids not listed per employee, e.g. `B-\d{5}`. */
  badgePattern: z.string().optional(),
  customers: z.array(z.string().min(2)).default([]),
  suppliers: z.array(z.string().min(2)).default([]),
});
export type RedactionDictionary = z.infer<typeof redactionDictionarySchema>;

const SITE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DEFAULT_FILE = 'default.yaml';

/** Site ids are lower-case everywhere (plant-a); a dictionary is looked up by that id. The one normaliser is the plant model's. */
export { normaliseSiteId };

function readDictionary(path: string): RedactionDictionary {
  const parsed = redactionDictionarySchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/**
 * Loads `<dir>/<site>.yaml` for the normalised site id. A site without its own file gets
 * `default.yaml` and `fallback: true`, so the caller can say so (its names and badges are
 * then redacted only by patterns); with neither, pattern-based redaction only.
 */
export function loadRedactionDictionary(
  dir: string,
  site: string,
): RedactionDictionary & { fallback?: true } {
  if (!SITE_PATTERN.test(site)) throw new Error(`invalid site code "${site}"`);
  const own = join(dir, `${normaliseSiteId(site)}.yaml`);
  if (existsSync(own)) return readDictionary(own);
  const fallback = join(dir, DEFAULT_FILE);
  if (existsSync(fallback)) return { ...readDictionary(fallback), fallback: true };
  return { site, employees: [], customers: [], suppliers: [], fallback: true };
}

/**
 * Checks a redaction directory against the sites the plant is configured for, at start:
 * a file must be named by a lower-case site id, say that site inside, and name a known
 * site; a known site without a file is reported so the decision to use default.yaml is
 * logged, never silent. Returns the problems (start-up errors) and the fallbacks.
 */
export function auditRedactionDirectory(
  dir: string,
  knownSites: readonly string[],
): { problems: string[]; fallbacks: string[] } {
  const problems: string[] = [];
  if (!existsSync(dir))
    return { problems: [`redaction directory ${dir} does not exist`], fallbacks: [...knownSites] };
  const known = new Set(knownSites.map(normaliseSiteId));
  const covered = new Set<string>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== DEFAULT_FILE)) {
    const id = name.slice(0, -'.yaml'.length);
    if (id !== normaliseSiteId(id))
      problems.push(
        `${name}: dictionaries are named by the lower-case site id (${normaliseSiteId(id)}.yaml)`,
      );
    const dictionary = readDictionary(join(dir, name));
    if (normaliseSiteId(dictionary.site) !== normaliseSiteId(id))
      problems.push(`${name}: says site "${dictionary.site}" but is named for "${id}"`);
    if (known.size > 0 && !known.has(normaliseSiteId(id)))
      problems.push(`${name}: "${id}" is not a configured site (${[...known].join(', ')})`);
    covered.add(normaliseSiteId(id));
  }
  return { problems, fallbacks: [...known].filter((site) => !covered.has(site)) };
}
