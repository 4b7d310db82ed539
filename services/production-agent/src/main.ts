import 'reflect-metadata';
import { loadProductionAgentConfig } from './config/production-agent.config';
import { ProductionAgentModule } from './production-agent.module';

void ProductionAgentModule.run(loadProductionAgentConfig());
