import { z } from 'zod';
import { adapterSchema, agentFields, fields, loadConfig, renamedAgentVariables } from '@andon/config';

export const qualityAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8093),
  ...agentFields({ groupId: 'quality-agent', stateRetentionHours: 24 * 30 }),
  /** Failing quality checks on one lot that open a deviation (without a QMS NCR). */
  QUALITY_FAILED_CHECKS_THRESHOLD: fields.positiveInt(3),
  /** Past NCRs cited as similar. */
  QUALITY_SIMILAR_NCRS: fields.positiveInt(5),
  /** Genealogy hops walked from an NCR's lots to their descendants. */
  QUALITY_GENEALOGY_DEPTH: fields.positiveInt(4),
  /** At most this many lots get a hold proposal per NCR; the rest are listed in the investigation. */
  QUALITY_MAX_HOLDS: fields.positiveInt(25),
});

export type QualityAgentConfig = z.infer<typeof qualityAgentConfigSchema>;

/** The keys the agent itself reads; a full QualityAgentConfig satisfies it. */
export type QualityAgentSettings = Pick<
  QualityAgentConfig,
  | 'AGENT_GROUP_ID'
  | 'AGENT_STATE_RETENTION_HOURS'
  | 'AGENT_PARTITIONS_CONCURRENCY'
  | 'MES_ENDPOINTS_DIR'
  | 'QUALITY_FAILED_CHECKS_THRESHOLD'
  | 'QUALITY_SIMILAR_NCRS'
  | 'QUALITY_GENEALOGY_DEPTH'
  | 'QUALITY_MAX_HOLDS'
>;

/** The names the AGENT_* variables replaced (read for one more release, with a warning). */
export const QUALITY_RENAMED_VARIABLES = renamedAgentVariables({
  groupId: 'QUALITY_AGENT_GROUP_ID',
  stateRetentionHours: 'QUALITY_STATE_RETENTION_HOURS',
  partitionsConcurrency: 'QUALITY_PARTITIONS_CONCURRENCY',
});

export const loadQualityAgentConfig = (
  env: Record<string, string | undefined> = process.env,
): QualityAgentConfig => loadConfig(qualityAgentConfigSchema, env, { renamed: QUALITY_RENAMED_VARIABLES });
