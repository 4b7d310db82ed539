import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

export const qualityAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8093),
  /** Consumer group on andon.plant-events.v1; a restart with the same group resumes where it stopped. */
  QUALITY_AGENT_GROUP_ID: z.string().min(1).default('quality-agent'),
  /** Failing quality checks on one lot that open a deviation (without a QMS NCR). */
  QUALITY_FAILED_CHECKS_THRESHOLD: fields.positiveInt(3),
  /** Past NCRs cited as similar. */
  QUALITY_SIMILAR_NCRS: fields.positiveInt(5),
  /** Genealogy hops walked from an NCR's lots to their descendants. */
  QUALITY_GENEALOGY_DEPTH: fields.positiveInt(4),
  /** At most this many lots get a hold proposal per NCR; the rest are listed in the investigation. */
  QUALITY_MAX_HOLDS: fields.positiveInt(25),
  /** How long outbox entries, claims and failing checks are kept (redeliveries come far sooner). */
  QUALITY_STATE_RETENTION_HOURS: fields.positiveInt(24 * 30),
  QUALITY_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
});

export type QualityAgentConfig = z.infer<typeof qualityAgentConfigSchema>;

/** The keys the agent itself reads; a full QualityAgentConfig satisfies it. */
export type QualityAgentSettings = Pick<
  QualityAgentConfig,
  | 'QUALITY_AGENT_GROUP_ID'
  | 'QUALITY_FAILED_CHECKS_THRESHOLD'
  | 'QUALITY_SIMILAR_NCRS'
  | 'QUALITY_GENEALOGY_DEPTH'
  | 'QUALITY_MAX_HOLDS'
  | 'QUALITY_STATE_RETENTION_HOURS'
  | 'QUALITY_PARTITIONS_CONCURRENCY'
>;

export const loadQualityAgentConfig = (env: Record<string, string | undefined> = process.env): QualityAgentConfig =>
  loadConfig(qualityAgentConfigSchema, env);
