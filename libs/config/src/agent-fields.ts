import { z } from 'zod';
import { fields } from './config-fields';
import type { RenamedVariables } from './renamed-variables';

/**
 * The variables every agent reads the same way (agent-kit's defineAgent). One name per
 * setting across the four agents; each agent keeps its own defaults. In one process that
 * composes several agents (services/standalone) they apply to all of them, so leave
 * AGENT_GROUP_ID unset there: the kit refuses two agents in one consumer group.
 */
export function agentFields(defaults: { groupId: string; stateRetentionHours: number }) {
  return {
    /** Consumer group on andon.plant-events.v1; a restart with the same group resumes where it stopped. */
    AGENT_GROUP_ID: z.string().min(1).default(defaults.groupId),
    /** How long the agent's outbox entries, claims and remembered facts are kept (redeliveries come far sooner). */
    AGENT_STATE_RETENTION_HOURS: fields.positiveInt(defaults.stateRetentionHours),
    /** Partitions of andon.plant-events.v1 handled at once (each partition stays in order). */
    AGENT_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
    /** The sites' MES endpoint maps the agent renders its proposed actions from (the files mes-writeback sends by). */
    MES_ENDPOINTS_DIR: z.string().min(1).default('config/mes-endpoints'),
  };
}

/** The per-agent names the AGENT_* variables replace, for loadConfig's `renamed`. */
export function renamedAgentVariables(old: {
  groupId: string;
  stateRetentionHours: string;
  partitionsConcurrency: string;
}): RenamedVariables {
  return {
    [old.groupId]: 'AGENT_GROUP_ID',
    [old.stateRetentionHours]: 'AGENT_STATE_RETENTION_HOURS',
    [old.partitionsConcurrency]: 'AGENT_PARTITIONS_CONCURRENCY',
  };
}
