import type { DowntimeReason } from '@andon/contracts';
import { downtimeReasonOf, type CodeMapFile, type PlantSite } from '@andon/plant-model';

/** One version of one site's code map, as @andon/plant-model loads and validates it. */
export type SiteCodeMapFile = CodeMapFile;

// Codes are matched trimmed and case-insensitively: sites are inconsistent about case
// ("temp_hi" vs "TEMP_HI"), never about meaning.
const codeKey = (code: string): string => code.trim().toUpperCase();

function index<V>(table: Readonly<Record<string, V>>): ReadonlyMap<string, V> {
  return new Map(Object.entries(table).map(([code, value]) => [codeKey(code), value]));
}

export class SiteCodeMap {
  readonly site: string;
  readonly version: number;
  readonly enterprise: string | undefined;
  private readonly downtime: ReadonlyMap<string, DowntimeReason>;
  private readonly alarms: ReadonlyMap<string, string>;
  private readonly ncr: ReadonlyMap<string, string>;
  private readonly lines: ReadonlyMap<string, { area: string }> | undefined;
  private readonly machines: ReadonlyMap<string, { line: string; cell: string }>;

  /**
   * `plantSite`: the site in the plant model. A map that lists no lines or machines (new
   * versions should not: config/plant is their home) takes them from it.
   */
  constructor(file: SiteCodeMapFile, plantSite?: PlantSite) {
    this.site = file.site;
    this.version = file.version;
    this.enterprise = file.enterprise;
    this.downtime = new Map(
      Object.entries(file.downtime_reasons).map(([code, name]) => [codeKey(code), downtimeReasonOf(name)]),
    );
    this.alarms = index(file.alarm_codes);
    this.ncr = index(file.ncr_categories);
    const plantLines = plantSite ? [...plantSite.lines.values()] : undefined;
    this.lines = file.lines
      ? new Map(Object.entries(file.lines))
      : plantLines && new Map(plantLines.map((l) => [l.id, { area: l.area }]));
    const plantMachines = (plantLines ?? [])
      .flatMap((l) => [...l.machines.values()])
      .map((m) => [m.id, { line: m.line, cell: m.cell }] as const);
    this.machines = new Map(file.machines ? Object.entries(file.machines) : plantMachines);
  }

  /** `plant-a@v1`: recorded on every plant event for lineage. */
  get label(): string {
    return `${this.site}@v${this.version}`;
  }

  downtimeReason(code: string): DowntimeReason | undefined {
    return this.downtime.get(codeKey(code));
  }

  alarmCode(code: string): string | undefined {
    return this.alarms.get(codeKey(code));
  }

  ncrCategory(code: string): string | undefined {
    return this.ncr.get(codeKey(code));
  }

  /** undefined: the map does not model lines (any line is accepted). */
  knowsLine(line: string): boolean | undefined {
    return this.lines === undefined ? undefined : this.lines.has(line);
  }

  areaOf(line: string): string | undefined {
    return this.lines?.get(line)?.area;
  }

  machine(machineId: string): { line: string; cell: string } | undefined {
    return this.machines.get(machineId);
  }
}
