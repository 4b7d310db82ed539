// Public API of the compliance agent, for services/standalone (composition).
export { ComplianceAgentModule, COMPLIANCE_AGENT_ID } from './compliance-agent.module';
export {
  complianceAgentConfigSchema,
  loadComplianceAgentConfig,
  COMPLIANCE_RENAMED_VARIABLES,
  type ComplianceAgentConfig,
  type ComplianceAgentSettings,
} from './config/compliance-agent.config';
