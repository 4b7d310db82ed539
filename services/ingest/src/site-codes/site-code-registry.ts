import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Logger } from '@andon/observability';
import { SiteCodeMap, activePointerSchema, siteCodeMapSchema } from './site-code-map';

export class SiteCodeMapError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'SiteCodeMapError';
  }
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SiteCodeMapError(file, `not readable YAML (${err instanceof Error ? err.message : String(err)})`);
  }
}

function issues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Reads the active version of one site folder; throws SiteCodeMapError naming the file. */
export function loadSiteFolder(dir: string, site: string): SiteCodeMap {
  const pointerFile = join(dir, site, 'active.yaml');
  if (!existsSync(pointerFile)) throw new SiteCodeMapError(pointerFile, 'missing (it names the active version)');
  const pointer = activePointerSchema.safeParse(readYaml(pointerFile));
  if (!pointer.success) throw new SiteCodeMapError(pointerFile, issues(pointer.error));
  const mapFile = join(dir, site, `v${pointer.data.version}.yaml`);
  if (!existsSync(mapFile)) throw new SiteCodeMapError(mapFile, 'named by active.yaml but missing');
  const parsed = siteCodeMapSchema.safeParse(readYaml(mapFile));
  if (!parsed.success) throw new SiteCodeMapError(mapFile, issues(parsed.error));
  if (parsed.data.site !== site) throw new SiteCodeMapError(mapFile, `declares site "${parsed.data.site}" but lives in folder "${site}"`);
  if (parsed.data.version !== pointer.data.version) {
    throw new SiteCodeMapError(mapFile, `declares version ${parsed.data.version} but its file name says ${pointer.data.version}`);
  }
  return new SiteCodeMap(parsed.data);
}

function siteFolders(dir: string): string[] {
  if (!existsSync(dir)) throw new SiteCodeMapError(dir, 'site code folder does not exist');
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

export interface SiteCodeRegistryOptions {
  /** Re-read the folder at most this often when a map is looked up (0: never on lookup). */
  refreshMs?: number;
  log?: Logger;
  now?: () => number;
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
    try {
      folders = siteFolders(this.dir);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
      folders = [...this.maps.keys()];
    }
    for (const site of folders) {
      try {
        next.set(site, loadSiteFolder(this.dir, site));
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
        const previous = this.maps.get(site);
        if (previous) next.set(site, previous);
      }
    }
    this.maps = next;
    this.lastLoad = this.now();
    if (errors.length > 0) this.options.log?.error({ errors }, 'site code maps: some files could not be loaded; previous versions kept');
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
