import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const redactionDictionarySchema = z.object({
  site: z.string().min(1),
  employees: z
    .array(z.object({ name: z.string().min(2), badge: z.string().min(2).optional(), aliases: z.array(z.string().min(2)).default([]) }))
    .default([]),
  /** Regex (source) for badge ids not listed per employee, e.g. `B-\d{5}`. */
  badgePattern: z.string().optional(),
  customers: z.array(z.string().min(2)).default([]),
  suppliers: z.array(z.string().min(2)).default([]),
});
export type RedactionDictionary = z.infer<typeof redactionDictionarySchema>;

const SITE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Loads `<dir>/<site>.yaml`, falling back to `<dir>/default.yaml`. A site without
 * either still gets pattern-based redaction (emails, phone numbers).
 */
export function loadRedactionDictionary(dir: string, site: string): RedactionDictionary {
  if (!SITE_PATTERN.test(site)) throw new Error(`invalid site code "${site}"`);
  for (const name of [`${site}.yaml`, 'default.yaml']) {
    const path = join(dir, name);
    if (existsSync(path)) {
      const parsed = redactionDictionarySchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    }
  }
  return { site, employees: [], customers: [], suppliers: [] };
}
