import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { productionChecks } from '@andon/service-kit';
import { loadPlantQueryConfig } from './config/plant-query.config';
import { PlantQueryModule } from './plant-query.module';

void runAgentService('plant-query', loadPlantQueryConfig(), (deps) => PlantQueryModule.forRoot(deps), {
  productionChecks: [productionChecks.userTokens],
  onReady: ({ config, log }) => {
    if (!config.JWT_HS256_SECRET && !config.JWKS_URL)
      log.warn('neither JWT_HS256_SECRET nor JWKS_URL is set: POST /api/plant-query refuses every call');
  },
});
