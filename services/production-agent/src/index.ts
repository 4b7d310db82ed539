// Public API of the production agent, for services/standalone (composition).
export {
  ProductionAgentModule,
  PRODUCTION_AGENT_ID,
  type ProductionAgentModuleOptions,
} from './production-agent.module';
export {
  productionAgentConfigSchema,
  loadProductionAgentConfig,
  PRODUCTION_RENAMED_VARIABLES,
  type ProductionAgentConfig,
  type ProductionAgentSettings,
} from './config/production-agent.config';
export type { ReportSummary } from './reports/report-summary.service';
// The shift report's OEE path (event -> line fact -> store -> shift facts), for the
// cross-service check that the shift report and plant-query give one OEE (services/standalone/test).
export { factOf } from './facts/fact-of';
export { LineFactsRepository } from './facts/line-facts.repository';
export { gatherShiftFacts } from './shift/shift-facts';
export { LlmCallPublisher } from '@andon/agent-kit';
