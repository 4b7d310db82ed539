import { Inject, Injectable } from '@nestjs/common';
import {
  CheckResult,
  NonconformanceSeverity,
  isRaisedNonconformance,
  type BatchGenealogyLink,
  type Nonconformance,
  type QualityCheck,
} from '@andon/contracts';
import type { Logger } from '@andon/observability';
import {
  AgentContext,
  AgentMetrics,
  Claims,
  Outbox,
  type DecodedPlantEvent,
  type PlantEventHandler,
} from '@andon/agent-kit';
import type { QualityAgentSettings } from './config/quality-agent.config';
import { FailedChecksRepository } from './triage/failed-checks.repository';
import { GenealogyRepository } from './triage/genealogy.repository';
import type { Severity, TriageRequest } from './triage/triage-request';
import { TriageService } from './triage/triage.service';

const QMS_SEVERITY: Partial<Record<NonconformanceSeverity, Severity>> = {
  [NonconformanceSeverity.MINOR]: 'minor',
  [NonconformanceSeverity.MAJOR]: 'major',
  [NonconformanceSeverity.CRITICAL]: 'critical',
};

/**
 * Routes plant events to the quality use cases: genealogy links and failing checks are
 * remembered per site; an NCR, or the failing check that reaches the threshold on a lot,
 * is triaged. Every output goes through the outbox, keyed by the triggering event.
 */
@Injectable()
export class QualityAgent implements PlantEventHandler {
  private readonly deps;

  constructor(
    @Inject(TriageService) triage: TriageService,
    @Inject(GenealogyRepository) genealogy: GenealogyRepository,
    @Inject(FailedChecksRepository) checks: FailedChecksRepository,
    @Inject(Claims) claims: Claims,
    @Inject(Outbox) outbox: Outbox,
    @Inject(AgentMetrics) metrics: AgentMetrics,
    @Inject(AgentContext) agent: AgentContext<QualityAgentSettings>,
  ) {
    this.deps = {
      triage,
      genealogy,
      checks,
      claims,
      outbox,
      metrics,
      failedChecksThreshold: agent.config.QUALITY_FAILED_CHECKS_THRESHOLD,
    };
  }

  async handle(event: DecodedPlantEvent, log: Logger): Promise<void> {
    const p = event.payload;
    switch (p.$case) {
      case 'batchGenealogyLink':
        return this.onGenealogyLink(event, p.value);
      case 'qualityCheck':
        return this.onQualityCheck(event, p.value, log);
      case 'nonconformance':
        return this.onNonconformance(event, p.value, log);
      default:
        this.deps.metrics.event(p.$case, 'ignored');
    }
  }

  private async onGenealogyLink(event: DecodedPlantEvent, link: BatchGenealogyLink): Promise<void> {
    if (!link.parentLotId || !link.childLotId)
      return this.deps.metrics.event('batchGenealogyLink', 'ignored');
    await this.deps.genealogy.insert({
      _id: GenealogyRepository.idOf(event.site, link.parentLotId, link.childLotId),
      site: event.site,
      parentLotId: link.parentLotId,
      childLotId: link.childLotId,
      materialId: link.materialId,
      eventId: event.eventId,
      occurredAt: event.occurredAt.getTime(),
    });
    this.deps.metrics.event('batchGenealogyLink', 'recorded');
  }

  private async onNonconformance(event: DecodedPlantEvent, ncr: Nonconformance, log: Logger): Promise<void> {
    // CONTAINED/CLOSED are progress on an NCR triaged when it was raised, not a new one to act on.
    if (!isRaisedNonconformance(ncr.status)) return this.deps.metrics.event('nonconformance', 'ignored');
    const ncrId = ncr.ncrId || `NCR-${event.eventId}`;
    const request: TriageRequest = {
      trigger: event,
      origin: 'qms',
      ncrId,
      qmsCategory: ncr.category,
      qmsSeverity: QMS_SEVERITY[ncr.severity],
      description:
        ncr.description.trim() ||
        `${ncr.category || 'Unclassified'} nonconformance ${ncrId} reported by the QMS`,
      product: ncr.product,
      supplier: ncr.supplier === 'unknown' ? '' : ncr.supplier,
      lotIds: ncr.lotIds.filter((l) => l !== ''),
      quantityAffected: ncr.quantityAffected,
      unit: ncr.unit,
    };
    // An NCR is updated in the QMS many times; only its first report, or one at a new severity, is triaged again.
    if (!(await this.deps.claims.claim(`ncr:${event.site}:${ncrId}:${ncr.severity}`, event.eventId))) {
      return this.deps.metrics.event('nonconformance', 'ignored');
    }
    await this.emit(event, request, log);
  }

  private async onQualityCheck(event: DecodedPlantEvent, check: QualityCheck, log: Logger): Promise<void> {
    if (!failed(check) || !check.lotId) return this.deps.metrics.event('qualityCheck', 'ignored');
    await this.deps.checks.insert({
      _id: event.eventId,
      site: event.site,
      line: event.line,
      lotId: check.lotId,
      checkId: check.checkId,
      characteristic: check.characteristic || 'unnamed characteristic',
      measuredValue: check.measuredValue,
      lowerSpecLimit: check.lowerSpecLimit,
      upperSpecLimit: check.upperSpecLimit,
      unit: check.unit,
      product: check.product,
      eventId: event.eventId,
      occurredAt: event.occurredAt.getTime(),
    });
    const threshold = this.deps.failedChecksThreshold;
    const failures = await this.deps.checks.forLots(event.site, [check.lotId], threshold);
    if (
      failures.length < threshold ||
      !(await this.deps.claims.claim(`deviation:${event.site}:${check.lotId}`, event.eventId))
    ) {
      return this.deps.metrics.event('qualityCheck', 'recorded');
    }
    const worst = [...failures].sort((a, b) => deviation(b) - deviation(a))[0] ?? failures[0];
    const lsl = check.lowerSpecLimit;
    const usl = check.upperSpecLimit;
    const unit = check.unit ? ` ${check.unit}` : '';
    // Site characteristic names are identifiers (wall_thickness); the classifier reads words.
    const characteristic = (check.characteristic || 'quality').replace(/_/g, ' ');
    const request: TriageRequest = {
      trigger: event,
      origin: 'deviation',
      ncrId: `DEV-${check.lotId}`,
      qmsCategory: '',
      qmsSeverity: undefined,
      description: `${failures.length} failing ${characteristic} checks on lot ${check.lotId}, out of tolerance: measured ${failures.map((f) => f.measuredValue).join(', ')}${unit} against limits ${lsl ?? 'none'} to ${usl ?? 'none'}${unit}.`,
      product: check.product,
      supplier: '',
      lotIds: [check.lotId],
      quantityAffected: failures.length,
      unit: 'checks',
      spec: {
        characteristic,
        ...(lsl !== undefined && usl !== undefined
          ? { nominal: round6((lsl + usl) / 2), tolerance: round6((usl - lsl) / 2) }
          : {}),
        ...(worst ? { measured: worst.measuredValue } : {}),
      },
    };
    await this.emit(event, request, log);
  }

  private async emit(event: DecodedPlantEvent, request: TriageRequest, log: Logger): Promise<void> {
    const { replayed, messages } = await this.deps.outbox.emit(event.site, event.eventId, () =>
      this.deps.triage.triage(request),
    );
    this.deps.metrics.published(messages, replayed);
    this.deps.metrics.event(event.payload.$case, 'acted');
    log.info({ ncrId: request.ncrId, outputs: messages.length, replayed }, 'nonconformance triaged');
  }
}

function failed(check: QualityCheck): boolean {
  if (check.result === CheckResult.FAIL) return true;
  if (check.result === CheckResult.PASS) return false;
  const below = check.lowerSpecLimit !== undefined && check.measuredValue < check.lowerSpecLimit;
  const above = check.upperSpecLimit !== undefined && check.measuredValue > check.upperSpecLimit;
  return below || above;
}

function deviation(c: { measuredValue: number; lowerSpecLimit?: number; upperSpecLimit?: number }): number {
  if (c.lowerSpecLimit !== undefined && c.upperSpecLimit !== undefined)
    return Math.abs(c.measuredValue - (c.lowerSpecLimit + c.upperSpecLimit) / 2);
  return 0;
}

// Limits arrive as doubles (9.8, 10.2); their half-difference must not print as 0.1999999999999993.
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
