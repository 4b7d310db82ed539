import { Inject, Injectable } from '@nestjs/common';
import type { ProcedureStepCompleted } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { AgentMetrics, Outbox, type DecodedPlantEvent, type PlantEventHandler } from '@andon/agent-kit';
import { ComplianceFlagService } from './procedures/compliance-flag.service';
import { ProcedureLibrary } from './procedures/procedure-library';
import { findDivergences, noApprovedRevision, type CompletedStep } from './procedures/step-findings';
import { StepRecordsRepository } from './procedures/step-records.repository';

/**
 * Checks every completed procedure step against the approved revision in force when it
 * was completed and against the steps its work order completed before. The step is
 * remembered first, then the outputs go through the outbox keyed by the event, so a
 * redelivery republishes what the first delivery stored.
 */
@Injectable()
export class ComplianceAgent implements PlantEventHandler {
  private readonly parts;

  constructor(
    @Inject(ProcedureLibrary) library: ProcedureLibrary,
    @Inject(StepRecordsRepository) steps: StepRecordsRepository,
    @Inject(ComplianceFlagService) flags: ComplianceFlagService,
    @Inject(Outbox) outbox: Outbox,
    @Inject(AgentMetrics) metrics: AgentMetrics,
  ) {
    this.parts = { library, steps, flags, outbox, metrics };
  }

  async handle(event: DecodedPlantEvent, log: Logger): Promise<void> {
    const p = event.payload;
    if (p.$case !== 'procedureStepCompleted') return this.parts.metrics.event(p.$case, 'ignored');
    return this.onStep(event, p.value, log);
  }

  private async onStep(event: DecodedPlantEvent, s: ProcedureStepCompleted, log: Logger): Promise<void> {
    const { library, steps, metrics } = this.parts;
    if (!s.documentId) return metrics.event('procedureStepCompleted', 'ignored');
    const at = event.occurredAt.getTime();
    const record = {
      _id: event.eventId,
      site: event.site,
      line: event.line,
      area: event.area,
      enterprise: event.enterprise,
      correlationId: event.correlationId,
      workOrderId: s.workOrderId,
      documentId: s.documentId,
      revision: s.revision,
      stepNo: s.stepNumber,
      operatorBadge: s.operatorBadge,
      machineId: s.machineId,
      eventId: event.eventId,
      occurredAt: at,
    };
    // Recorded even for a document not known yet: its revision may be published after the
    // step (first start on an empty store), and which revision a line runs is state too.
    await steps.insert(record);
    // Documents outside the corpus (forms, vendor checklists) cannot be checked.
    if (!library.knows(s.documentId)) return metrics.event('procedureStepCompleted', 'ignored');
    const step: CompletedStep = {
      documentId: s.documentId,
      revision: s.revision,
      stepNo: s.stepNumber,
      workOrderId: s.workOrderId,
    };
    const cited = library.revision(s.documentId, s.revision);
    const approved = library.approvedAt(s.documentId, at);
    // Sequence is only meaningful within a work order; without one only revision and step existence are checked.
    const earlier = s.workOrderId && approved ? await steps.before(record) : [];
    const findings = approved
      ? findDivergences(step, approved, cited, earlier)
      : [noApprovedRevision(step, cited)];
    // With nothing approved in force, the revision the operator used is the document cited.
    const reference = approved ?? cited ?? library.latest(s.documentId);
    if (findings.length === 0 || !reference) return metrics.event('procedureStepCompleted', 'recorded');

    const { replayed, messages } = await this.parts.outbox.emit(event.site, event.eventId, () =>
      this.parts.flags.flag({
        trigger: event,
        step: { ...step, operatorBadge: s.operatorBadge, machineId: s.machineId },
        approved: reference,
        earlier,
        findings,
        cited,
      }),
    );
    metrics.published(messages, replayed);
    metrics.event('procedureStepCompleted', 'acted');
    log.info(
      {
        documentId: s.documentId,
        revision: s.revision,
        step: s.stepNumber,
        findings: findings.map((f) => f.kind),
        replayed,
      },
      'procedure deviation flagged',
    );
  }
}
