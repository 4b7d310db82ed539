import { defineAgent } from '@andon/agent-kit';
import type { ComplianceAgentSettings } from './config/compliance-agent.config';
import { ComplianceAgent } from './compliance-agent';
import { ProcedureDocumentsConsumer } from './documents/procedure-documents.consumer';
import { ComplianceFlagService } from './procedures/compliance-flag.service';
import { ProcedureLibrary } from './procedures/procedure-library';
import { ProcedureRevisionsRepository } from './procedures/procedure-revisions.repository';
import { RevisionAnnouncer } from './procedures/revision-announcer';
import { StepRecordsRepository } from './procedures/step-records.repository';

export const COMPLIANCE_AGENT_ID = 'compliance-agent';

/**
 * The compliance agent: every completed procedure step checked against the approved
 * revision in force, revisions learned from andon.documents.published.v1 (and the seed
 * corpus), lines still on a superseded revision flagged when a new one comes into force.
 */
export const ComplianceAgentModule = defineAgent<ComplianceAgentSettings>({
  id: COMPLIANCE_AGENT_ID,
  handlers: { plantEvents: ComplianceAgent },
  consumes: ['documentsPublished'],
  stores: [ProcedureRevisionsRepository],
  purge: [StepRecordsRepository],
  providers: [
    // In memory, kept in step with the store by the announcer; empty until it loads.
    { provide: ProcedureLibrary, useFactory: () => new ProcedureLibrary() },
    ComplianceFlagService,
    RevisionAnnouncer,
    ProcedureDocumentsConsumer,
    ComplianceAgent,
  ],
});
