import { existsSync } from 'node:fs';
import { loadPlantModel, plantModelDir } from '@andon/plant-model';

/**
 * The sites the plant is configured for: those of the plant model (PLANT_MODEL_DIR,
 * default config/plant, relative to `baseDir`). Empty when the folder is absent, e.g. a
 * service image that ships no plant model: the known-site check is then skipped.
 */
export function configuredSites(
  baseDir: string,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const dir = plantModelDir(env, baseDir);
  return existsSync(dir) ? loadPlantModel(dir).sites() : [];
}
