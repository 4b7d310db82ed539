import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { productionChecks } from '@andon/service-kit';
import { loadProductionAgentConfig } from './config/production-agent.config';
import { ProductionAgentModule } from './production-agent.module';

void runAgentService('production-agent', loadProductionAgentConfig(), (deps) => ProductionAgentModule.forRoot(deps), {
  productionChecks: [productionChecks.userTokens],
});
