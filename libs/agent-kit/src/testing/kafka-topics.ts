import { uniqueName } from '@andon/testing';
import type { AgentTopicNames } from '../index';

/** Fresh topic names for one test on the shared broker. */
export function uniqueAgentTopics(prefix: string): AgentTopicNames {
  return {
    plantEvents: uniqueName(`${prefix}-plant-events`),
    actionsProposed: uniqueName(`${prefix}-actions-proposed`),
    recommendations: uniqueName(`${prefix}-recommendations`),
    llmCalls: uniqueName(`${prefix}-llm-calls`),
    deadLetters: uniqueName(`${prefix}-dlq`),
    actionsDecided: uniqueName(`${prefix}-actions-decided`),
    documentsPublished: uniqueName(`${prefix}-documents`),
  };
}
