import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PlantModel } from './plant-model';
import { PlantModelError, zodIssues } from './plant-model-error';
import { siteFileSchema, type SiteFile } from './plant-model.schema';
import { siteId } from './site-id';

export const DEFAULT_PLANT_MODEL_DIR = 'config/plant';

const envSchema = z.object({ PLANT_MODEL_DIR: z.string().min(1).default(DEFAULT_PLANT_MODEL_DIR) });

/** Where the plant model lives: PLANT_MODEL_DIR (default config/plant), relative paths against `baseDir`. */
export function plantModelDir(
  env: Record<string, string | undefined> = process.env,
  baseDir = process.cwd(),
): string {
  const dir = envSchema.parse({ PLANT_MODEL_DIR: env['PLANT_MODEL_DIR'] || undefined }).PLANT_MODEL_DIR;
  return isAbsolute(dir) ? dir : resolve(baseDir, dir);
}

export function readYamlFile(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PlantModelError(
      file,
      `not readable YAML (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

/**
 * Reads every `<site>.yaml` of the plant model folder, validated: a file must be named by
 * its normalised site id and say that site inside. Throws PlantModelError naming the file.
 */
export function loadPlantModel(dir: string): PlantModel {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PlantModelError(
      dir,
      'plant model folder does not exist (set PLANT_MODEL_DIR, default config/plant)',
    );
  }
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.yaml') && !n.startsWith('.'))
    .sort();
  if (names.length === 0)
    throw new PlantModelError(dir, 'no <site>.yaml file: the plant model names no site');
  const files: SiteFile[] = names.map((name) => {
    const file = join(dir, name);
    const parsed = siteFileSchema.safeParse(readYamlFile(file));
    if (!parsed.success) throw new PlantModelError(file, zodIssues(parsed.error));
    const fromName = name.slice(0, -'.yaml'.length);
    let id: string;
    try {
      id = siteId(parsed.data.site);
    } catch (err) {
      throw new PlantModelError(file, (err as Error).message);
    }
    if (fromName !== id)
      throw new PlantModelError(
        file,
        `says site "${parsed.data.site}" but is named for "${fromName}" (name the file ${id}.yaml)`,
      );
    return parsed.data;
  });
  return PlantModel.fromFiles(files, dir);
}

/** Variables that held plant facts before the plant model; a deployment still setting one would be silently ignored. */
const MOVED_TO_PLANT_MODEL = [
  'PRODUCTION_IDEAL_RATES',
  'PLANT_QUERY_IDEAL_RATES',
  'PLANT_QUERY_SITE_TIME_ZONES',
] as const;

/** The plant model PLANT_MODEL_DIR points at; what a service calls once at start. */
export function loadPlantModelFromEnv(
  env: Record<string, string | undefined> = process.env,
  baseDir = process.cwd(),
): PlantModel {
  const moved = MOVED_TO_PLANT_MODEL.filter((name) => env[name]);
  if (moved.length > 0) {
    throw new PlantModelError(
      moved.join(', '),
      'ideal rates and site time zones live in the plant model now (config/plant/<site>.yaml, PLANT_MODEL_DIR); move the values there and unset the variable',
    );
  }
  return loadPlantModel(plantModelDir(env, baseDir));
}
