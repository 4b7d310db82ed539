// Public API of the quality agent, for services/standalone (composition).
export { QualityAgentModule, type QualityAgentModuleOptions } from './quality-agent.module';
export { QualityAgentRuntime, QUALITY_AGENT_ID, type QualityAgentDeps } from './quality-agent-runtime';
export { qualityAgentConfigSchema, loadQualityAgentConfig, type QualityAgentConfig, type QualityAgentSettings } from './config/quality-agent.config';
export { LlmCallPublisher } from '@andon/agent-kit';
export { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
