import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { loadComplianceAgentConfig } from './config/compliance-agent.config';
import { ComplianceAgentModule } from './compliance-agent.module';

void runAgentService('compliance-agent', loadComplianceAgentConfig(), (deps) => ComplianceAgentModule.forRoot(deps));
