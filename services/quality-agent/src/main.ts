import 'reflect-metadata';
import { runAgentService } from '@andon/agent-kit';
import { loadQualityAgentConfig } from './config/quality-agent.config';
import { QualityAgentModule } from './quality-agent.module';

void runAgentService('quality-agent', loadQualityAgentConfig(), (deps) => QualityAgentModule.forRoot(deps));
