import 'reflect-metadata';
import { loadMaintenanceAgentConfig } from './config/maintenance-agent.config';
import { MaintenanceAgentModule } from './maintenance-agent.module';

void MaintenanceAgentModule.run(loadMaintenanceAgentConfig());
