import { z } from 'zod';
import { adapterSchema, fields, loadConfig, userAuthFields } from '@andon/config';

/** `site/line=units per minute,...`, e.g. `plant-a/line-1=60`. */
const idealRates = z.string().transform((raw, ctx) => {
  const out: Record<string, number> = {};
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!match || Number(match[3]) <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected site/line=<positive rate per minute>, got "${part}"` });
      return z.NEVER;
    }
    out[`${match[1]}/${match[2]}`] = Number(match[3]);
  }
  return out;
});

/** `site=IANA zone,...`, e.g. `plant-a=Europe/Berlin`; the zone must be one Intl knows. */
const siteTimeZones = z.string().transform((raw, ctx) => {
  const out: Record<string, string> = {};
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9_.-]+)=([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*)$/.exec(part);
    if (!match || !isTimeZone(match[2] ?? '')) {
      ctx.addIssue({ code: 'custom', message: `expected site=<IANA time zone>, got "${part}"` });
      return z.NEVER;
    }
    out[match[1] as string] = match[2] as string;
  }
  return out;
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const plantQueryConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8096),
  ...userAuthFields,
  PLANT_QUERY_GROUP_ID: z.string().min(1).default('plant-query'),
  /** Shared switch with the other gRPC services (standalone sets it from STANDALONE_GRPC). */
  GRPC_ENABLED: fields.boolean(true),
  /** Own variable, not GRPC_PORT: in standalone every service reads the same environment. 0 picks a free port (tests). */
  PLANT_QUERY_GRPC_PORT: fields.port(50057),
  /** Ideal rates per line (units per minute) for the OEE performance factor. */
  PLANT_QUERY_IDEAL_RATES: idealRates.default({ 'plant-a/line-1': 60, 'plant-a/line-2': 40, 'plant-b/line-3': 30, 'plant-b/line-4': 80 }),
  /** Plant calendar: relative times ("yesterday", "shift B") resolve in the site's zone. */
  PLANT_QUERY_SITE_TIME_ZONES: siteTimeZones.default({ 'plant-a': 'Europe/Berlin', 'plant-b': 'America/New_York' }),
  /** A query that would read more stored facts than this per site is refused, never truncated silently. */
  PLANT_QUERY_MAX_SCANNED_ROWS: fields.positiveInt(20_000),
  /** Longest time window a query may cover. */
  PLANT_QUERY_MAX_RANGE_DAYS: fields.positiveInt(31),
  PLANT_QUERY_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
});

export type PlantQueryConfig = z.infer<typeof plantQueryConfigSchema>;

/** What the module needs; the composition root may pass a wider config. */
export type PlantQuerySettings = Omit<PlantQueryConfig, keyof z.infer<typeof adapterSchema> | 'HTTP_PORT'>;

export const loadPlantQueryConfig = (env: Record<string, string | undefined> = process.env): PlantQueryConfig => loadConfig(plantQueryConfigSchema, env);
