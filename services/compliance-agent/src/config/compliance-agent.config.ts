import { z } from 'zod';
import { adapterSchema, agentFields, fields, loadConfig, renamedAgentVariables } from '@andon/config';

export const complianceAgentConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8097),
  /** AGENT_STATE_RETENTION_HOURS here also bounds the step records kept (work orders finish far sooner). */
  ...agentFields({ groupId: 'compliance-agent', stateRetentionHours: 24 * 30 }),
  /** Consumer group on andon.documents.published.v1; shared by the replicas, which share what it learns through the store. */
  COMPLIANCE_DOCUMENTS_GROUP_ID: z.string().min(1).default('compliance-agent-documents'),
  /**
   * Optional seed: a knowledge corpus (markdown with YAML front matter) read at start-up,
   * for development and the standalone, which publish no documents on the bus. '' turns
   * it off (Kubernetes: revisions come from andon.documents.published.v1 only). Relative
   * paths resolve against the working directory.
   */
  COMPLIANCE_KNOWLEDGE_DIR: z.string().default('knowledge'),
  /** How often the store is re-read for revisions other replicas learned, and revisions coming into force are announced. */
  COMPLIANCE_REVISION_SWEEP_MS: fields.positiveInt(60_000),
  /** A line whose last step of a document is older than this when a new revision comes into force is not running it. */
  COMPLIANCE_RUNNING_WINDOW_HOURS: fields.positiveInt(24),
});

export type ComplianceAgentConfig = z.infer<typeof complianceAgentConfigSchema>;

/** The keys the agent itself reads; a full ComplianceAgentConfig satisfies it. */
export type ComplianceAgentSettings = Pick<
  ComplianceAgentConfig,
  | 'AGENT_GROUP_ID'
  | 'AGENT_STATE_RETENTION_HOURS'
  | 'AGENT_PARTITIONS_CONCURRENCY'
  | 'MES_ENDPOINTS_DIR'
  | 'COMPLIANCE_DOCUMENTS_GROUP_ID'
  | 'COMPLIANCE_KNOWLEDGE_DIR'
  | 'COMPLIANCE_REVISION_SWEEP_MS'
  | 'COMPLIANCE_RUNNING_WINDOW_HOURS'
>;

/** The names the AGENT_* variables replaced (read for one more release, with a warning). */
export const COMPLIANCE_RENAMED_VARIABLES = renamedAgentVariables({
  groupId: 'COMPLIANCE_AGENT_GROUP_ID',
  stateRetentionHours: 'COMPLIANCE_STATE_RETENTION_HOURS',
  partitionsConcurrency: 'COMPLIANCE_PARTITIONS_CONCURRENCY',
});

export const loadComplianceAgentConfig = (
  env: Record<string, string | undefined> = process.env,
): ComplianceAgentConfig =>
  loadConfig(complianceAgentConfigSchema, env, { renamed: COMPLIANCE_RENAMED_VARIABLES });
