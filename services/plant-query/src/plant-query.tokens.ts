import { DEFAULT_AGENT_TOPICS } from '@andon/agent-kit';
import { TOPIC_SPECS, Topics } from '@andon/contracts';

export const PLANT_QUERY_SERVICE_ID = 'plant-query';

/** Injection token of the service's settings (PlantQuerySettings), a value provider. */
export const PLANT_QUERY_SETTINGS = Symbol('andon:plant-query-settings');
/** Injection token of the topic names (PlantQueryTopics), a value provider. */
export const PLANT_QUERY_TOPICS = Symbol('andon:plant-query-topics');
/** Injection token of the IdempotencyStore that dedupes plant events by event id across redeliveries. */
export const PLANT_QUERY_IDEMPOTENCY = Symbol('andon:plant-query-idempotency');

export interface PlantQueryTopics {
  plantEvents: string;
  llmCalls: string;
  deadLetters: string;
}

export function plantQueryTopics(overrides: Partial<PlantQueryTopics> = {}): PlantQueryTopics {
  return {
    plantEvents: DEFAULT_AGENT_TOPICS.plantEvents,
    llmCalls: DEFAULT_AGENT_TOPICS.llmCalls,
    deadLetters: DEFAULT_AGENT_TOPICS.deadLetters,
    ...overrides,
  };
}

/** What this service consumes and publishes, created if missing. */
export function plantQueryTopicSpecs(topics: PlantQueryTopics): { name: string; partitions: number }[] {
  return [
    { name: topics.plantEvents, partitions: TOPIC_SPECS[Topics.PlantEvents].partitions },
    { name: topics.llmCalls, partitions: TOPIC_SPECS[Topics.LlmCalls].partitions },
    { name: topics.deadLetters, partitions: TOPIC_SPECS[Topics.DeadLetters].partitions },
  ];
}
