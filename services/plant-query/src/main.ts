import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { loadPlantQueryConfig } from './config/plant-query.config';
import { PlantQueryModule } from './plant-query.module';

void runAgentService('plant-query', loadPlantQueryConfig(), (deps) => PlantQueryModule.forRoot(deps), ({ config, log }) => {
  if (!config.JWT_HS256_SECRET) log.warn('JWT_HS256_SECRET is not set: POST /api/plant-query refuses every call');
});
