import { defineAgent, ProcedureRevisionsConsumer, ProcedureRevisionsStore } from '@andon/agent-kit';
import type { QualityAgentSettings } from './config/quality-agent.config';
import { QualityAgent } from './quality-agent';
import { FailedChecksRepository } from './triage/failed-checks.repository';
import { GenealogyRepository } from './triage/genealogy.repository';
import { NcrHistoryRepository } from './triage/ncr-history.repository';
import { TriageService } from './triage/triage.service';

export const QUALITY_AGENT_ID = 'quality-agent';

/**
 * The quality agent: NCR and deviation triage over the plant events. Standalone composes
 * `QualityAgentModule.forRoot(ports)`; main.ts runs it as its own process.
 */
export const QualityAgentModule = defineAgent<QualityAgentSettings>({
  id: QUALITY_AGENT_ID,
  handlers: { plantEvents: QualityAgent },
  // Containment procedures from andon.documents.published.v1 (ADR 0022: steps come from procedures).
  consumes: ['documentsPublished'],
  stores: [NcrHistoryRepository, GenealogyRepository, ProcedureRevisionsStore],
  purge: [FailedChecksRepository],
  providers: [TriageService, QualityAgent, ProcedureRevisionsConsumer],
});
