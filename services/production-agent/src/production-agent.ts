import { Inject, Injectable } from '@nestjs/common';
import { MaterialState } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import {
  AgentContext,
  AgentMetrics,
  Claims,
  Outbox,
  type DecodedPlantEvent,
  type PlantEventHandler,
} from '@andon/agent-kit';
import type { ProductionAgentSettings } from './config/production-agent.config';
import { factOf } from './facts/fact-of';
import { LineFactsRepository } from './facts/line-facts.repository';
import { RootCauseService } from './root-cause/root-cause.service';
import { ScheduleRiskService } from './schedule/schedule-risk.service';
import { ShiftReportService } from './shift/shift-report.service';

const MINUTE = 60_000;

/**
 * Remembers every plant event it uses as a per-line fact, then runs at most one use case
 * per event: shift end -> report and handoff, ERP shortage -> schedule risk, a count or a
 * stop that completes a spike -> root cause. Claims keep repeated triggers (a shortage
 * reported every minute, a spike that lasts) to one output per window.
 */
@Injectable()
export class ProductionAgent implements PlantEventHandler {
  private readonly deps;

  constructor(
    @Inject(LineFactsRepository) facts: LineFactsRepository,
    @Inject(ShiftReportService) shiftReports: ShiftReportService,
    @Inject(ScheduleRiskService) scheduleRisk: ScheduleRiskService,
    @Inject(RootCauseService) rootCause: RootCauseService,
    @Inject(Claims) claims: Claims,
    @Inject(Outbox) outbox: Outbox,
    @Inject(AgentMetrics) metrics: AgentMetrics,
    @Inject(AgentContext) agent: AgentContext<ProductionAgentSettings>,
  ) {
    const c = agent.config;
    this.deps = {
      facts,
      shiftReports,
      scheduleRisk,
      rootCause,
      claims,
      outbox,
      metrics,
      scheduleWindowMs: c.PRODUCTION_SCHEDULE_WINDOW_MINUTES * MINUTE,
      spikeWindowMs: c.PRODUCTION_SPIKE_WINDOW_MINUTES * MINUTE,
    };
  }

  async handle(event: DecodedPlantEvent, log: Logger): Promise<void> {
    const p = event.payload;
    const fact = factOf(event);
    // Everything here is per line; a site-wide event has nothing to attach to.
    if ((!fact && p.$case !== 'shiftEnd') || !event.line) return this.deps.metrics.event(p.$case, 'ignored');
    if (fact) await this.deps.facts.insert(fact);
    const at = event.occurredAt.getTime();
    if (p.$case === 'shiftEnd') {
      return this.emit(event, 'shift report', () => this.deps.shiftReports.report(event, p.value), log);
    }
    if (p.$case === 'materialStatus' && p.value.state === MaterialState.SHORT) {
      const bucket = Math.floor(at / this.deps.scheduleWindowMs);
      const key = `schedule:${event.site}:${event.line}:${p.value.materialId || p.value.lotId}:${bucket}`;
      if (await this.deps.claims.claim(key, event.eventId))
        return this.emit(event, 'schedule risk', () => this.deps.scheduleRisk.assess(event, p.value), log);
    }
    if (p.$case === 'productionCount' || p.$case === 'downtimeEnd') {
      const spike = await this.deps.rootCause.detect(event);
      if (spike) {
        const key = `rootcause:${spike.kind}:${event.site}:${event.line}:${Math.floor(at / this.deps.spikeWindowMs)}`;
        if (await this.deps.claims.claim(key, event.eventId))
          return this.emit(event, 'root cause', () => this.deps.rootCause.analyse(event, spike), log);
      }
    }
    this.deps.metrics.event(p.$case, 'recorded');
  }

  private async emit(
    event: DecodedPlantEvent,
    what: string,
    build: Parameters<Outbox['emit']>[2],
    log: Logger,
  ): Promise<void> {
    const { replayed, messages } = await this.deps.outbox.emit(event.site, event.eventId, build);
    this.deps.metrics.published(messages, replayed);
    this.deps.metrics.event(event.payload.$case, 'acted');
    log.info({ outputs: messages.length, replayed }, `${what} published`);
  }
}
