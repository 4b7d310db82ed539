import { TOPIC_SPECS, Topics } from '@andon/contracts';
import type { TopicSpec } from '@andon/bus';

/** The topics an agent reads and writes; tests pass unique names, production the catalogue's. */
export interface AgentTopicNames {
  plantEvents: string;
  actionsProposed: string;
  recommendations: string;
  llmCalls: string;
  deadLetters: string;
  /** Read by the production agent (pending approvals for the shift handoff). */
  actionsDecided: string;
  /** Read by the compliance agent (procedure revisions). */
  documentsPublished: string;
}

export type AgentTopic = keyof AgentTopicNames;

const CATALOGUE: Record<AgentTopic, keyof typeof TOPIC_SPECS> = {
  plantEvents: Topics.PlantEvents,
  actionsProposed: Topics.ActionsProposed,
  recommendations: Topics.Recommendations,
  llmCalls: Topics.LlmCalls,
  deadLetters: Topics.DeadLetters,
  actionsDecided: Topics.ActionsDecided,
  documentsPublished: Topics.DocumentsPublished,
};

export const DEFAULT_AGENT_TOPICS: Readonly<AgentTopicNames> = { ...CATALOGUE };

/** What every agent reads or writes; the others only the agents that consume them. */
export const CORE_AGENT_TOPICS: readonly AgentTopic[] = [
  'plantEvents',
  'actionsProposed',
  'recommendations',
  'llmCalls',
  'deadLetters',
];

/** Topic specs with the catalogue's partition counts and cleanup policy, under whatever names are in use. */
export function agentTopicSpecs(
  names: AgentTopicNames,
  topics: readonly AgentTopic[] = CORE_AGENT_TOPICS,
): TopicSpec[] {
  return [...new Set(topics)].map((k) => {
    const spec = TOPIC_SPECS[CATALOGUE[k]];
    return {
      name: names[k],
      partitions: spec.partitions,
      ...(spec.cleanupPolicy === 'compact' ? { configEntries: { 'cleanup.policy': 'compact' } } : {}),
    };
  });
}
