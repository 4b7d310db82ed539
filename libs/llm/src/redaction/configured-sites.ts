import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The sites the plant is configured for: one folder of code maps per site under
 * `config/site-codes` (ingest's per-site vocabulary). Empty when the folder is absent,
 * e.g. a service image that ships no code maps: the known-site check is then skipped.
 */
export function configuredSites(baseDir: string): string[] {
  const dir = join(baseDir, 'config', 'site-codes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
