// Public API of the maintenance agent, for services/standalone (composition).
export { MaintenanceAgentModule, MAINTENANCE_AGENT_ID } from './maintenance-agent.module';
export {
  maintenanceAgentConfigSchema,
  loadMaintenanceAgentConfig,
  MAINTENANCE_RENAMED_VARIABLES,
  type MaintenanceAgentConfig,
  type MaintenanceAgentSettings,
} from './config/maintenance-agent.config';
export { LlmCallPublisher } from '@andon/agent-kit';
