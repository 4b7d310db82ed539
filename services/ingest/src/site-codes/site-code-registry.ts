import { join } from 'node:path';
import type { Logger } from '@andon/observability';
import { auditSiteFiles, codeMapSites, loadCodeMap, type PlantModel } from '@andon/plant-model';
import { SiteCodeMap } from './site-code-map';

export class SiteCodeMapError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'SiteCodeMapError';
  }
}

/** Reads the active version of one site folder (validated by @andon/plant-model); throws naming the file. */
export function loadSiteFolder(dir: string, site: string, plant?: PlantModel): SiteCodeMap {
  return new SiteCodeMap(loadCodeMap(dir, site), plant?.site(site));
}

export interface SiteCodeRegistryOptions {
  /** Re-read the folder at most this often when a map is looked up (0: never on lookup). */
  refreshMs?: number;
  log?: Logger;
  now?: () => number;
  /**
   * The plant model the maps must agree with: a folder for a site it lacks, or a line or
   * machine it places elsewhere, stops the start (and is refused on reload). Maps that
   * list no lines or machines take them from it. A function is called on every reload, so
   * a site added to the plant model and given a code map is picked up without a restart.
   */
  plant?: PlantModel | (() => PlantModel);
}

export interface ReloadReport {
  sites: Array<{ site: string; version: number }>;
  errors: string[];
}

/**
 * The active code map of every site. Loading at start-up is strict (a broken map stops
 * the service); a later reload keeps the previous map of a site whose new files are
 * broken, so a bad edit never turns every event of a site into dead letters.
 */
export class SiteCodeRegistry {
  private maps = new Map<string, SiteCodeMap>();
  private lastLoad = 0;
  private readonly refreshMs: number;
  private readonly now: () => number;

  private constructor(
    readonly dir: string,
    private readonly options: SiteCodeRegistryOptions,
  ) {
    this.refreshMs = options.refreshMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  static load(dir: string, options: SiteCodeRegistryOptions = {}): SiteCodeRegistry {
    const registry = new SiteCodeRegistry(dir, options);
    const report = registry.reload();
    if (report.errors.length > 0) throw new SiteCodeMapError(dir, report.errors.join('\n'));
    return registry;
  }

  /** Re-reads every site folder; picks up new sites, new active versions and edits. */
  reload(): ReloadReport {
    const errors: string[] = [];
    const next = new Map<string, SiteCodeMap>();
    let folders: string[] = [];
    let plant: PlantModel | undefined;
    try {
      plant = typeof this.options.plant === 'function' ? this.options.plant() : this.options.plant;
      folders = codeMapSites(this.dir);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
      folders = [...this.maps.keys()];
    }
    // Checked against the plant model first: a map for a site it lacks is an error, not a new location.
    const mismatches = plant && folders.length > 0 ? auditSiteFiles(plant, { codeMaps: this.dir }) : [];
    for (const site of folders) {
      try {
        const folder = join(this.dir, site);
        const mismatch = mismatches.filter((p) => p.startsWith(`${folder}/`) || p.startsWith(`${folder}:`));
        if (mismatch.length > 0) throw new Error(mismatch.join('\n'));
        next.set(site, loadSiteFolder(this.dir, site, plant));
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
        const previous = this.maps.get(site);
        if (previous) next.set(site, previous);
      }
    }
    this.maps = next;
    this.lastLoad = this.now();
    if (errors.length > 0)
      this.options.log?.error(
        { errors },
        'site code maps: some files could not be loaded; previous versions kept',
      );
    return { sites: this.list(), errors };
  }

  /** The active map of a site, or undefined when the site has none (an unknown location). */
  get(site: string): SiteCodeMap | undefined {
    if (this.refreshMs > 0 && this.now() - this.lastLoad >= this.refreshMs) this.reload();
    return this.maps.get(site);
  }

  list(): Array<{ site: string; version: number }> {
    return [...this.maps.values()].map((m) => ({ site: m.site, version: m.version }));
  }
}
