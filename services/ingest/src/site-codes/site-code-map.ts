import { z } from 'zod';
import type { DowntimeReason } from '@andon/contracts';
import {
  CANONICAL_ALARM_CODES,
  CANONICAL_DOWNTIME_REASONS,
  CANONICAL_NCR_CATEGORIES,
  downtimeReasonOf,
} from './canonical-codes';

const SITE_ID = /^[a-z0-9][a-z0-9_-]*$/;
const codeTable = <V extends string>(values: readonly [V, ...V[]]) => z.record(z.string().min(1), z.enum(values)).default({});

/**
 * One version of one site's code map (config/site-codes/<site>/v<N>.yaml). `lines` and
 * `machines` are the site's slice of the ISA-95 plant model: when `lines` is present a
 * line not listed is an unknown location; `machines` gives the work cell of a machine id.
 */
export const siteCodeMapSchema = z
  .object({
    site: z.string().regex(SITE_ID, 'lower-case letters, digits, - and _'),
    version: z.number().int().positive(),
    enterprise: z.string().min(1).optional(),
    description: z.string().optional(),
    lines: z.record(z.string().min(1), z.object({ area: z.string().min(1) }).strict()).optional(),
    machines: z.record(z.string().min(1), z.object({ line: z.string().min(1), cell: z.string().min(1) }).strict()).optional(),
    downtime_reasons: codeTable(CANONICAL_DOWNTIME_REASONS),
    alarm_codes: codeTable(CANONICAL_ALARM_CODES),
    ncr_categories: codeTable(CANONICAL_NCR_CATEGORIES),
  })
  .strict();

export type SiteCodeMapFile = z.infer<typeof siteCodeMapSchema>;

/** `<site>/active.yaml`: which version is live. Switching versions is a one-line, reviewable change. */
export const activePointerSchema = z.object({ version: z.number().int().positive() }).strict();

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

  constructor(file: SiteCodeMapFile) {
    this.site = file.site;
    this.version = file.version;
    this.enterprise = file.enterprise;
    this.downtime = new Map(
      Object.entries(file.downtime_reasons).map(([code, name]) => [codeKey(code), downtimeReasonOf(name)]),
    );
    this.alarms = index(file.alarm_codes);
    this.ncr = index(file.ncr_categories);
    this.lines = file.lines ? new Map(Object.entries(file.lines)) : undefined;
    this.machines = new Map(Object.entries(file.machines ?? {}));
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
