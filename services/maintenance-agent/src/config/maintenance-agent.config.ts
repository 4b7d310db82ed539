import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

export const maintenanceAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8094),
  MAINTENANCE_AGENT_GROUP_ID: z.string().min(1).default('maintenance-agent'),
  /** Raised alarms on one machine within the burst window that make a burst. */
  MAINTENANCE_BURST_ALARMS: fields.positiveInt(3),
  MAINTENANCE_BURST_WINDOW_MINUTES: fields.positiveInt(10),
  /** One work-order proposal per machine per this many minutes, however long the alarms go on. */
  MAINTENANCE_COOLDOWN_MINUTES: fields.positiveInt(240),
  /** Alarm history and historian readings looked at for one proposal. */
  MAINTENANCE_LOOKBACK_HOURS: fields.positiveInt(24),
  /** Recent part of the lookback compared with the rest for historian trends. */
  MAINTENANCE_TREND_RECENT_MINUTES: fields.positiveInt(120),
  /** Work orders, alarms and readings older than this are deleted. */
  MAINTENANCE_RETENTION_HOURS: fields.positiveInt(24 * 90),
  MAINTENANCE_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
});

export type MaintenanceAgentConfig = z.infer<typeof maintenanceAgentConfigSchema>;
export type MaintenanceAgentSettings = Omit<MaintenanceAgentConfig, keyof z.infer<typeof adapterSchema> | 'HTTP_PORT'>;

export const loadMaintenanceAgentConfig = (env: Record<string, string | undefined> = process.env): MaintenanceAgentConfig =>
  loadConfig(maintenanceAgentConfigSchema, env);
