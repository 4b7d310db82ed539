import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

export const complianceAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8097),
  /** Consumer group on andon.plant-events.v1; a restart with the same group resumes where it stopped. */
  COMPLIANCE_AGENT_GROUP_ID: z.string().min(1).default('compliance-agent'),
  /** The knowledge corpus (markdown with YAML front matter); relative paths resolve against the working directory. */
  COMPLIANCE_KNOWLEDGE_DIR: z.string().min(1).default('knowledge'),
  /** How long outbox entries and step records are kept (work orders finish far sooner). */
  COMPLIANCE_STATE_RETENTION_HOURS: fields.positiveInt(24 * 30),
  COMPLIANCE_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
});

export type ComplianceAgentConfig = z.infer<typeof complianceAgentConfigSchema>;

/** The keys the agent itself reads; a full ComplianceAgentConfig satisfies it. */
export type ComplianceAgentSettings = Pick<
  ComplianceAgentConfig,
  'COMPLIANCE_AGENT_GROUP_ID' | 'COMPLIANCE_KNOWLEDGE_DIR' | 'COMPLIANCE_STATE_RETENTION_HOURS' | 'COMPLIANCE_PARTITIONS_CONCURRENCY'
>;

export const loadComplianceAgentConfig = (env: Record<string, string | undefined> = process.env): ComplianceAgentConfig =>
  loadConfig(complianceAgentConfigSchema, env);
