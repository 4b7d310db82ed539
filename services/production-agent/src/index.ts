// Public API of the production agent, for services/standalone (composition).
export { ProductionAgentModule, PRODUCTION_AGENT_ID, type ProductionAgentModuleOptions } from './production-agent.module';
export {
  productionAgentConfigSchema,
  loadProductionAgentConfig,
  PRODUCTION_RENAMED_VARIABLES,
  type ProductionAgentConfig,
  type ProductionAgentSettings,
} from './config/production-agent.config';
export type { ReportSummary } from './reports/report-summary.service';
export { LlmCallPublisher } from '@andon/agent-kit';
