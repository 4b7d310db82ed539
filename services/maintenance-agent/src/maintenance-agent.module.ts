import { defineAgent, ProcedureRevisionsConsumer, ProcedureRevisionsStore } from '@andon/agent-kit';
import type { MaintenanceAgentSettings } from './config/maintenance-agent.config';
import { EquipmentFactsRepository } from './coordination/equipment-facts.repository';
import { WorkOrderProposalService } from './coordination/work-order-proposal.service';
import { MaintenanceAgent } from './maintenance-agent';

export const MAINTENANCE_AGENT_ID = 'maintenance-agent';

/**
 * The maintenance agent: alarm bursts correlated with historian trends, earlier work
 * orders and part stock become work-order proposals. Standalone composes
 * `MaintenanceAgentModule.forRoot(ports)`; main.ts runs it as its own process.
 */
export const MaintenanceAgentModule = defineAgent<MaintenanceAgentSettings>({
  id: MAINTENANCE_AGENT_ID,
  handlers: { plantEvents: MaintenanceAgent },
  // Alarm procedures from andon.documents.published.v1 (ADR 0022: steps come from procedures).
  consumes: ['documentsPublished'],
  stores: [ProcedureRevisionsStore],
  purge: [EquipmentFactsRepository],
  providers: [WorkOrderProposalService, MaintenanceAgent, ProcedureRevisionsConsumer],
});
