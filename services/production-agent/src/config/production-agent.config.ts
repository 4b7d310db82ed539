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

export const productionAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8095),
  /** The console's report API authenticates people like every other service. */
  ...userAuthFields,
  PRODUCTION_AGENT_GROUP_ID: z.string().min(1).default('production-agent'),
  /** Ideal rates per line (units per minute) for OEE performance; the seeded plant's by default. */
  PRODUCTION_IDEAL_RATES: idealRates.default({ 'plant-a/line-1': 60, 'plant-a/line-2': 40, 'plant-b/line-3': 30, 'plant-b/line-4': 80 }),
  /** Share of the ideal rate a schedule is planned at (schedule risk). */
  PRODUCTION_SCHEDULE_RATE_FACTOR: z.coerce.number().positive().max(1).default(0.85),
  /** Look-ahead used for schedule risk when a shortage names no work order with a due date. */
  PRODUCTION_SCHEDULE_HORIZON_HOURS: fields.positiveInt(8),
  /** One schedule-risk notice per line and material per this many minutes. */
  PRODUCTION_SCHEDULE_WINDOW_MINUTES: fields.positiveInt(240),
  /** Spike detection window (minutes) for scrap and downtime. */
  PRODUCTION_SPIKE_WINDOW_MINUTES: fields.positiveInt(60),
  /** Scrap rate within the window that counts as a spike, and the output needed to judge it. */
  PRODUCTION_SCRAP_SPIKE_RATE: z.coerce.number().positive().max(1).default(0.05),
  PRODUCTION_SCRAP_SPIKE_MIN_UNITS: fields.positiveInt(200),
  /** Stop minutes within the window that count as a downtime spike. */
  PRODUCTION_DOWNTIME_SPIKE_MINUTES: fields.positiveInt(30),
  /** How far back root-cause analysis looks for lots, suppliers, maintenance and crews. */
  PRODUCTION_ROOT_CAUSE_LOOKBACK_HOURS: fields.positiveInt(24),
  /** Facts (counts, stops, notes...) older than this are deleted. */
  PRODUCTION_FACT_RETENTION_HOURS: fields.positiveInt(24 * 14),
  /** Hours of hourly scrap buckets in GET /api/reports/summary. */
  PRODUCTION_REPORT_TREND_HOURS: fields.positiveInt(24),
  PRODUCTION_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
});

export type ProductionAgentConfig = z.infer<typeof productionAgentConfigSchema>;

export type ProductionAgentSettings = Omit<ProductionAgentConfig, keyof z.infer<typeof adapterSchema> | 'HTTP_PORT'>;

export const loadProductionAgentConfig = (env: Record<string, string | undefined> = process.env): ProductionAgentConfig =>
  loadConfig(productionAgentConfigSchema, env);

export function idealRateOf(config: Pick<ProductionAgentSettings, 'PRODUCTION_IDEAL_RATES'>, site: string, line: string): number | undefined {
  return config.PRODUCTION_IDEAL_RATES[`${site}/${line}`];
}
