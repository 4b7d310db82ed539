// Public API of the production agent, for services/standalone (composition).
export { ProductionAgentModule, type ProductionAgentModuleOptions } from './production-agent.module';
export { ProductionAgentRuntime, PRODUCTION_AGENT_ID, type ProductionAgentDeps, type ProductionTopicNames } from './production-agent-runtime';
export { productionAgentConfigSchema, loadProductionAgentConfig, type ProductionAgentConfig, type ProductionAgentSettings } from './config/production-agent.config';
export type { ReportSummary } from './reports/report-summary.service';
export { LlmCallPublisher } from '@andon/agent-kit';
