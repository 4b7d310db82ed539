// Test support shared by the agent services' specs (real embedded adapters, plant-event
// builders, an output recorder). Imported as '@andon/agent-kit/testing', never by production code.
export { EmbeddedAdapters, REPO_ROOT, deterministicLlm, silentLogger } from './agent-harness';
export { plantEvent, publishPlantEvents, type PlantEventSpec } from './plant-events';
export { publishKnowledgeDocuments } from './knowledge-documents';
export { OutputRecorder } from './output-recorder';
export { deliveryOf } from './message-context';
export { uniqueAgentTopics } from './kafka-topics';
export { readWholeTopic, readProposedActions, type TopicRecord } from './topic-reader';
export { startAgentApp, type AgentApp } from './agent-app';
