// Public API of the compliance agent, for services/standalone (composition).
export { ComplianceAgentModule, type ComplianceAgentModuleOptions } from './compliance-agent.module';
export { ComplianceAgentRuntime, COMPLIANCE_AGENT_ID, type ComplianceAgentDeps, type ComplianceTopicNames } from './compliance-agent-runtime';
export { complianceAgentConfigSchema, loadComplianceAgentConfig, type ComplianceAgentConfig, type ComplianceAgentSettings } from './config/compliance-agent.config';
