import 'reflect-metadata';
import { loadComplianceAgentConfig } from './config/compliance-agent.config';
import { ComplianceAgentModule } from './compliance-agent.module';

void ComplianceAgentModule.run(loadComplianceAgentConfig());
