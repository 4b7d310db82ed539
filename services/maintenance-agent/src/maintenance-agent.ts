import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import {
  AgentContext,
  AgentMetrics,
  Claims,
  Outbox,
  type DecodedPlantEvent,
  type PlantEventHandler,
} from '@andon/agent-kit';
import type { MaintenanceAgentSettings } from './config/maintenance-agent.config';
import { equipmentFactsOf } from './coordination/equipment-fact-of';
import { EquipmentFactsRepository } from './coordination/equipment-facts.repository';
import { WorkOrderProposalService } from './coordination/work-order-proposal.service';

const MINUTE = 60_000;

/**
 * Remembers alarms, historian readings, work orders and part stock per machine; the alarm
 * that completes a burst (N raised alarms on one machine within the window) starts one
 * work-order proposal per machine per cool-down period.
 */
@Injectable()
export class MaintenanceAgent implements PlantEventHandler {
  private readonly deps;

  constructor(
    @Inject(EquipmentFactsRepository) facts: EquipmentFactsRepository,
    @Inject(WorkOrderProposalService) proposals: WorkOrderProposalService,
    @Inject(Claims) claims: Claims,
    @Inject(Outbox) outbox: Outbox,
    @Inject(AgentMetrics) metrics: AgentMetrics,
    @Inject(AgentContext) agent: AgentContext<MaintenanceAgentSettings>,
  ) {
    const c = agent.config;
    this.deps = {
      facts,
      proposals,
      claims,
      outbox,
      metrics,
      burstAlarms: c.MAINTENANCE_BURST_ALARMS,
      burstWindowMs: c.MAINTENANCE_BURST_WINDOW_MINUTES * MINUTE,
      cooldownMs: c.MAINTENANCE_COOLDOWN_MINUTES * MINUTE,
    };
  }

  async handle(event: DecodedPlantEvent, log: Logger): Promise<void> {
    const facts = equipmentFactsOf(event);
    if (facts.length === 0) return this.deps.metrics.event(event.payload.$case, 'ignored');
    for (const fact of facts) await this.deps.facts.insert(fact);
    const [first] = facts;
    if (event.payload.$case !== 'machineAlarm' || first?.kind !== 'alarm')
      return this.deps.metrics.event(event.payload.$case, 'recorded');
    const at = event.occurredAt.getTime();
    const machineId = first.machineId;
    const recent = await this.deps.facts.forMachine(
      event.site,
      machineId,
      'alarm',
      at - this.deps.burstWindowMs,
      at + 1,
    );
    const key = `burst:${event.site}:${machineId}:${Math.floor(at / this.deps.cooldownMs)}`;
    if (recent.length < this.deps.burstAlarms || !(await this.deps.claims.claim(key, event.eventId)))
      return this.deps.metrics.event('machineAlarm', 'recorded');
    const { replayed, messages } = await this.deps.outbox.emit(event.site, event.eventId, () =>
      this.deps.proposals.propose(event, machineId),
    );
    this.deps.metrics.published(messages, replayed);
    this.deps.metrics.event('machineAlarm', 'acted');
    log.info(
      { machineId, alarms: recent.length, outputs: messages.length, replayed },
      'maintenance work order proposed',
    );
  }
}
