import { TOPIC_SPECS, Topics } from '@andon/contracts';
import type { TopicSpec } from '@andon/bus';

/** The topics an agent reads and writes; tests pass unique names, production the catalogue's. */
export interface AgentTopicNames {
  plantEvents: string;
  actionsProposed: string;
  recommendations: string;
  llmCalls: string;
  deadLetters: string;
}

export const DEFAULT_AGENT_TOPICS: Readonly<AgentTopicNames> = {
  plantEvents: Topics.PlantEvents,
  actionsProposed: Topics.ActionsProposed,
  recommendations: Topics.Recommendations,
  llmCalls: Topics.LlmCalls,
  deadLetters: Topics.DeadLetters,
};

const CATALOGUE: Record<keyof AgentTopicNames, keyof typeof TOPIC_SPECS> = {
  plantEvents: Topics.PlantEvents,
  actionsProposed: Topics.ActionsProposed,
  recommendations: Topics.Recommendations,
  llmCalls: Topics.LlmCalls,
  deadLetters: Topics.DeadLetters,
};

/** Topic specs with the catalogue's partition counts, under whatever names are in use. */
export function agentTopicSpecs(names: AgentTopicNames): TopicSpec[] {
  return (Object.keys(CATALOGUE) as Array<keyof AgentTopicNames>).map((k) => ({
    name: names[k],
    partitions: TOPIC_SPECS[CATALOGUE[k]].partitions,
  }));
}
