import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  CANONICAL_ALARM_CODES,
  CANONICAL_DOWNTIME_REASONS,
  CANONICAL_NCR_CATEGORIES,
} from './canonical-codes';
import { readYamlFile } from './load-plant-model';
import { PlantModelError, zodIssues } from './plant-model-error';

const SITE_ID = /^[a-z0-9][a-z0-9_-]*$/;
const codeTable = <V extends string>(values: readonly [V, ...V[]]) =>
  z.record(z.string().min(1), z.enum(values)).default({});

/**
 * One version of one site's code map (config/site-codes/<site>/v<N>.yaml): how the site's
 * MES codes downtime reasons, alarms and NCR categories. `lines` and `machines` are
 * optional copies of the plant model's locations, accepted so published versions stay
 * valid; they must agree with config/plant (checked at start by auditSiteFiles).
 */
export const codeMapFileSchema = z
  .object({
    site: z.string().regex(SITE_ID, 'lower-case letters, digits, - and _'),
    version: z.number().int().positive(),
    enterprise: z.string().min(1).optional(),
    description: z.string().optional(),
    lines: z.record(z.string().min(1), z.object({ area: z.string().min(1) }).strict()).optional(),
    machines: z
      .record(z.string().min(1), z.object({ line: z.string().min(1), cell: z.string().min(1) }).strict())
      .optional(),
    downtime_reasons: codeTable(CANONICAL_DOWNTIME_REASONS),
    alarm_codes: codeTable(CANONICAL_ALARM_CODES),
    ncr_categories: codeTable(CANONICAL_NCR_CATEGORIES),
  })
  .strict();

export type CodeMapFile = z.infer<typeof codeMapFileSchema>;

/** `<site>/active.yaml`: which version is live. Switching versions is a one-line, reviewable change. */
const activePointerSchema = z.object({ version: z.number().int().positive() }).strict();

/** Reads the active version of one site's code map folder; throws PlantModelError naming the file. */
export function loadCodeMap(dir: string, site: string): CodeMapFile & { file: string } {
  const pointerFile = join(dir, site, 'active.yaml');
  if (!existsSync(pointerFile))
    throw new PlantModelError(pointerFile, 'missing (it names the active version)');
  const pointer = activePointerSchema.safeParse(readYamlFile(pointerFile));
  if (!pointer.success) throw new PlantModelError(pointerFile, zodIssues(pointer.error));
  const mapFile = join(dir, site, `v${pointer.data.version}.yaml`);
  if (!existsSync(mapFile)) throw new PlantModelError(mapFile, 'named by active.yaml but missing');
  const parsed = codeMapFileSchema.safeParse(readYamlFile(mapFile));
  if (!parsed.success) throw new PlantModelError(mapFile, zodIssues(parsed.error));
  if (parsed.data.site !== site)
    throw new PlantModelError(mapFile, `declares site "${parsed.data.site}" but lives in folder "${site}"`);
  if (parsed.data.version !== pointer.data.version) {
    throw new PlantModelError(
      mapFile,
      `declares version ${parsed.data.version} but its file name says ${pointer.data.version}`,
    );
  }
  return { ...parsed.data, file: mapFile };
}

/** The site folders of a code map directory, sorted. */
export function codeMapSites(dir: string): string[] {
  if (!existsSync(dir)) throw new PlantModelError(dir, 'site code folder does not exist');
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}
