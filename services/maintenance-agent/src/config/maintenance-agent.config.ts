import { z } from 'zod';
import { adapterSchema, agentFields, fields, loadConfig, renamedAgentVariables } from '@andon/config';

export const maintenanceAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8094),
  /** AGENT_STATE_RETENTION_HOURS here also bounds the alarms, readings and work orders remembered. */
  ...agentFields({ groupId: 'maintenance-agent', stateRetentionHours: 24 * 90 }),
  /** Raised alarms on one machine within the burst window that make a burst. */
  MAINTENANCE_BURST_ALARMS: fields.positiveInt(3),
  MAINTENANCE_BURST_WINDOW_MINUTES: fields.positiveInt(10),
  /** One work-order proposal per machine per this many minutes, however long the alarms go on. */
  MAINTENANCE_COOLDOWN_MINUTES: fields.positiveInt(240),
  /** Alarm history and historian readings looked at for one proposal. */
  MAINTENANCE_LOOKBACK_HOURS: fields.positiveInt(24),
  /** Recent part of the lookback compared with the rest for historian trends. */
  MAINTENANCE_TREND_RECENT_MINUTES: fields.positiveInt(120),
});

export type MaintenanceAgentConfig = z.infer<typeof maintenanceAgentConfigSchema>;
export type MaintenanceAgentSettings = Omit<
  MaintenanceAgentConfig,
  keyof z.infer<typeof adapterSchema> | 'HTTP_PORT'
>;

/** The names the AGENT_* variables replaced (read for one more release, with a warning). */
export const MAINTENANCE_RENAMED_VARIABLES = renamedAgentVariables({
  groupId: 'MAINTENANCE_AGENT_GROUP_ID',
  stateRetentionHours: 'MAINTENANCE_RETENTION_HOURS',
  partitionsConcurrency: 'MAINTENANCE_PARTITIONS_CONCURRENCY',
});

export const loadMaintenanceAgentConfig = (
  env: Record<string, string | undefined> = process.env,
): MaintenanceAgentConfig =>
  loadConfig(maintenanceAgentConfigSchema, env, { renamed: MAINTENANCE_RENAMED_VARIABLES });
