// Shared plumbing of the agent services (plant-event consumer, outbox, claims, evidence,
// generation metadata, LLM call publishing). One copy, used by every agent.
export { AgentMessages, type Json, type ActionDraft, type RecommendationDraft } from './agent-messages';
export { AgentMetrics } from './agent-metrics';
export { DEFAULT_AGENT_TOPICS, agentTopicSpecs, type AgentTopicNames } from './agent-topics';
export { Claims } from './claims';
export { derivedId } from './derived-id';
export { eventEvidence, recordEvidence, evidenceInCitationOrder, labelOf, type AgentSource } from './evidence';
export { toGenerationMessage, outputConfidence } from './generation';
export { collectLlmCallIds, toLlmCallMessage, LlmCallPublisher } from './llm-call-publisher';
export { ledgerLookup } from './decision-replay';
export { Outbox } from './outbox';
export { decodePlantEvent, type DecodedPlantEvent } from './plant-event.decoder';
export { PlantEventsConsumer, type PlantEventHandler, type PlantEventsConsumerOptions } from './plant-events.consumer';
export { runAgentService, type AgentServiceConfig, type AgentServiceDeps } from './run-agent-service';
