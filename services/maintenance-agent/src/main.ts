import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { loadMaintenanceAgentConfig } from './config/maintenance-agent.config';
import { MaintenanceAgentModule } from './maintenance-agent.module';

void runAgentService('maintenance-agent', loadMaintenanceAgentConfig(), (deps) => MaintenanceAgentModule.forRoot(deps));
