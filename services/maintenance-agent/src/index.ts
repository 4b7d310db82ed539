// Public API of the maintenance agent, for services/standalone (composition).
export { MaintenanceAgentModule, type MaintenanceAgentModuleOptions } from './maintenance-agent.module';
export { MaintenanceAgentRuntime, MAINTENANCE_AGENT_ID, type MaintenanceAgentDeps } from './maintenance-agent-runtime';
export { maintenanceAgentConfigSchema, loadMaintenanceAgentConfig, type MaintenanceAgentConfig, type MaintenanceAgentSettings } from './config/maintenance-agent.config';
export { LlmCallPublisher } from '@andon/agent-kit';
