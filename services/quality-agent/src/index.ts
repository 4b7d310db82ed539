// Public API of the quality agent, for services/standalone (composition).
export { QualityAgentModule, QUALITY_AGENT_ID } from './quality-agent.module';
export {
  qualityAgentConfigSchema,
  loadQualityAgentConfig,
  QUALITY_RENAMED_VARIABLES,
  type QualityAgentConfig,
  type QualityAgentSettings,
} from './config/quality-agent.config';
export {
  DEFAULT_AGENT_TOPICS,
  LlmCallPublisher,
  type AgentModuleOptions,
  type AgentTopicNames,
} from '@andon/agent-kit';
