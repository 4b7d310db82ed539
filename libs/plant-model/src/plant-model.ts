import { siteId, type SiteId } from './site-id';
import { minutesOf, type SiteFile } from './plant-model.schema';

export interface PlantMachine {
  id: string;
  line: string;
  cell: string;
  name?: string;
}

export interface PlantLine {
  site: SiteId;
  id: string;
  area: string;
  name?: string;
  product?: string;
  idealRatePerMinute: number;
  machines: ReadonlyMap<string, PlantMachine>;
}

/** A shift of the site's pattern, in local wall-clock time. */
export interface Shift {
  code: string;
  /** Minutes after local midnight the shift starts. */
  startMinute: number;
  hours: number;
}

export interface PlantSite {
  id: SiteId;
  enterprise?: string;
  name?: string;
  timeZone: string;
  /** Ordered by start time. */
  shifts: readonly Shift[];
  lines: ReadonlyMap<string, PlantLine>;
}

/**
 * The plant: sites, their time zones and shift patterns, lines with their area and ideal
 * rate, cells and machines. Loaded once from config/plant (loadPlantModel) and asked by
 * every service that needs one of these facts; lookups normalise the site id, so
 * `PLANT-A` and `plant-a` find the same site.
 */
export class PlantModel {
  private readonly byId: ReadonlyMap<SiteId, PlantSite>;
  private readonly lineSites: ReadonlyMap<string, SiteId[]>;

  constructor(
    sites: readonly PlantSite[],
    /** Where the model was read from, for error messages. */
    readonly source: string,
  ) {
    this.byId = new Map(sites.map((s) => [s.id, s]));
    const lineSites = new Map<string, SiteId[]>();
    for (const s of sites)
      for (const line of s.lines.keys()) lineSites.set(line, [...(lineSites.get(line) ?? []), s.id]);
    this.lineSites = lineSites;
  }

  /** Builds the model from validated site files (the loader's second half; tests use it directly). */
  static fromFiles(files: readonly SiteFile[], source: string): PlantModel {
    return new PlantModel(files.map(toSite), source);
  }

  sites(): SiteId[] {
    return [...this.byId.keys()].sort();
  }

  site(site: string): PlantSite | undefined {
    return this.byId.get(normalised(site));
  }

  hasSite(site: string): boolean {
    return this.site(site) !== undefined;
  }

  line(site: string, line: string): PlantLine | undefined {
    return this.site(site)?.lines.get(line);
  }

  idealRate(site: string, line: string): number | undefined {
    return this.line(site, line)?.idealRatePerMinute;
  }

  zoneOf(site: string): string | undefined {
    return this.site(site)?.timeZone;
  }

  /** The site a line id belongs to; undefined when unknown or when two sites use the id. */
  siteOfLine(line: string): SiteId | undefined {
    const sites = this.lineSites.get(line);
    return sites && sites.length === 1 ? sites[0] : undefined;
  }

  machine(site: string, machineId: string): PlantMachine | undefined {
    for (const line of this.site(site)?.lines.values() ?? []) {
      const m = line.machines.get(machineId);
      if (m) return m;
    }
    return undefined;
  }
}

function normalised(site: string): SiteId {
  try {
    return siteId(site);
  } catch {
    return site as SiteId;
  }
}

function toSite(file: SiteFile): PlantSite {
  const id = siteId(file.site);
  const lines = new Map<string, PlantLine>();
  for (const [lineId, l] of Object.entries(file.lines)) {
    const machines = new Map<string, PlantMachine>(
      Object.entries(l.machines).map(([mId, m]) => [
        mId,
        { id: mId, line: lineId, cell: m.cell, ...(m.name ? { name: m.name } : {}) },
      ]),
    );
    lines.set(lineId, {
      site: id,
      id: lineId,
      area: l.area,
      idealRatePerMinute: l.idealRatePerMinute,
      machines,
      ...(l.name ? { name: l.name } : {}),
      ...(l.product ? { product: l.product } : {}),
    });
  }
  const shifts = file.shifts
    .map((s) => ({ code: s.code, startMinute: minutesOf(s.start), hours: s.hours }))
    .sort((a, b) => a.startMinute - b.startMinute);
  return {
    id,
    timeZone: file.timeZone,
    shifts,
    lines,
    ...(file.enterprise ? { enterprise: file.enterprise } : {}),
    ...(file.name ? { name: file.name } : {}),
  };
}
