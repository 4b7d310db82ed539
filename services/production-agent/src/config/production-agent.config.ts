import { z } from 'zod';
import {
  adapterSchema,
  agentFields,
  fields,
  loadConfig,
  renamedAgentVariables,
  userAuthFields,
} from '@andon/config';

export const productionAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8095),
  /** The console's report API authenticates people like every other service. */
  ...userAuthFields,
  /** AGENT_STATE_RETENTION_HOURS here also bounds the line facts (counts, stops, notes...) kept. */
  ...agentFields({ groupId: 'production-agent', stateRetentionHours: 24 * 14 }),
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
  /** Hours of hourly scrap buckets in GET /api/reports/summary. */
  PRODUCTION_REPORT_TREND_HOURS: fields.positiveInt(24),
});

export type ProductionAgentConfig = z.infer<typeof productionAgentConfigSchema>;

export type ProductionAgentSettings = Omit<
  ProductionAgentConfig,
  keyof z.infer<typeof adapterSchema> | 'HTTP_PORT'
>;

/** The names the AGENT_* variables replaced (read for one more release, with a warning). */
export const PRODUCTION_RENAMED_VARIABLES = renamedAgentVariables({
  groupId: 'PRODUCTION_AGENT_GROUP_ID',
  stateRetentionHours: 'PRODUCTION_FACT_RETENTION_HOURS',
  partitionsConcurrency: 'PRODUCTION_PARTITIONS_CONCURRENCY',
});

export const loadProductionAgentConfig = (
  env: Record<string, string | undefined> = process.env,
): ProductionAgentConfig =>
  loadConfig(productionAgentConfigSchema, env, { renamed: PRODUCTION_RENAMED_VARIABLES });
