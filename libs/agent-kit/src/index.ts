// Shared plumbing of the agent services: an agent declares its id, handlers, stores and
// purge with defineAgent(); the kit builds the gateway, claims, outbox, dedupe window,
// consumer, hourly purge and the process. Evidence and generation helpers for outputs.
export { defineAgent, type AgentDefinition, type AgentSpec, type AgentStore } from './define-agent';
export {
  AgentContext,
  AGENT_RETRY,
  type AgentKitSettings,
  type AgentModuleOptions,
  type AgentSubscription,
} from './agent-context';
export { AgentPlantEventsConsumer } from './agent-plant-events.consumer';
export { AgentStatePurge, PURGE_INTERVAL_MS, type Purgeable } from './agent-state-purge';
export { generateGoverned, type AgentGeneration } from './agent-generate';
export { AgentMessages, type Json, type ActionDraft, type RecommendationDraft } from './agent-messages';
export { AgentMetrics } from './agent-metrics';
export {
  DEFAULT_AGENT_TOPICS,
  CORE_AGENT_TOPICS,
  agentTopicSpecs,
  type AgentTopicNames,
  type AgentTopic,
} from './agent-topics';
export { Claims } from './claims';
export { derivedId } from './derived-id';
export {
  eventEvidence,
  recordEvidence,
  evidenceInCitationOrder,
  labelOf,
  procedureAgentSource,
  stepEvidence,
  type AgentSource,
} from './evidence';
export {
  procedureRevisionOf,
  ProcedureRevisionsConsumer,
  ProcedureRevisionsStore,
} from './procedure-revisions';
export { toGenerationMessage, outputConfidence } from './generation';
export { toLlmCallMessage, LlmCallPublisher } from './llm-call-publisher';
export { ledgerLookup, openReplayDesk } from './decision-replay';
export { Outbox } from './outbox';
export { decodePlantEvent, type DecodedPlantEvent } from './plant-event.decoder';
export {
  PlantEventsConsumer,
  type PlantEventHandler,
  type PlantEventsConsumerOptions,
} from './plant-events.consumer';
export { runAgentService, type AgentServiceConfig, type AgentServiceDeps } from './run-agent-service';
