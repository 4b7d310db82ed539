import 'reflect-metadata';
import { loadQualityAgentConfig } from './config/quality-agent.config';
import { QualityAgentModule } from './quality-agent.module';

void QualityAgentModule.run(loadQualityAgentConfig());
