import { Inject, Injectable } from '@nestjs/common';
import { AgentContext } from '@andon/agent-kit';
import type { SiteId } from '@andon/plant-model';
import type { ProductionAgentSettings } from '../config/production-agent.config';
import { LineFactsRepository } from '../facts/line-facts.repository';
import { ShiftReportsRepository } from '../shift/shift-reports.repository';

export interface ReportSummary {
  oeeByLine: Array<{
    site: string;
    line: string;
    oee: number | null;
    availability: number;
    performance: number | null;
    quality: number;
    shiftId: string;
    from: string;
    to: string;
  }>;
  downtimePareto: Array<{ reason: string; minutes: number }>;
  /** Stop minutes per machine over the same shifts as the Pareto by reason. */
  downtimeByMachine: Array<{ site: string; line: string; machineId: string; minutes: number }>;
  scrapTrend: Array<{ bucket: string; scrapRate: number; units: number }>;
  /** The period the Pareto and the trend cover (ISO-8601, UTC). */
  periods: { paretoFrom: string; trendFrom: string; to: string };
  handoffs: Array<{
    title: string;
    body: string;
    createdAt: string;
    site: string;
    line: string;
    shiftId: string;
    from: string;
    to: string;
    /** The proposed shift-log post the incoming supervisor signs (absent on older reports). */
    actionId: string | null;
    /** [S0], [S1]... in the body refer to these, in order. */
    citations: Array<{ kind: string; id: string; revision: string; note: string }>;
    /** Whether input behind the handoff was flagged, and as what (never the text). */
    generation: { inputFlagged: boolean; injectionKinds: string[] };
  }>;
}

const HOUR = 3_600_000;
const PARETO_DAYS = 7;
const HANDOFFS = 10;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The console's report view, computed from the agent's store: latest shift OEE per line,
 * the downtime Pareto of the last week's shifts, hourly scrap rate and recent handoffs.
 */
@Injectable()
export class ReportSummaryService {
  constructor(
    @Inject(ShiftReportsRepository) private readonly reports: ShiftReportsRepository,
    @Inject(LineFactsRepository) private readonly facts: LineFactsRepository,
    @Inject(AgentContext) private readonly agent: AgentContext<ProductionAgentSettings>,
  ) {}

  /** `hours`: the range of the Paretos, the trend and the latest shift per line (default: 7 days of shifts, the configured trend hours). */
  async summary(sites: readonly SiteId[], hours?: number): Promise<ReportSummary> {
    const now = this.agent.now().getTime();
    const paretoFrom = now - (hours ?? PARETO_DAYS * 24) * HOUR;
    const recent = await this.reports.recent(sites, paretoFrom, 5_000);
    const latest = new Map<string, (typeof recent)[number]>();
    for (const r of recent) if (!latest.has(`${r.site}/${r.line}`)) latest.set(`${r.site}/${r.line}`, r);
    const oeeByLine = [...latest.values()]
      .map((r) => ({
        site: r.site,
        line: r.line,
        oee: r.oee,
        availability: r.availability,
        performance: r.performance,
        quality: r.quality,
        shiftId: r.shiftId,
        from: iso(r.startedAt),
        to: iso(r.endedAt),
      }))
      .sort((a, b) => a.site.localeCompare(b.site) || a.line.localeCompare(b.line));

    const pareto = new Map<string, number>();
    for (const r of recent)
      for (const p of r.pareto) pareto.set(p.reason, (pareto.get(p.reason) ?? 0) + p.minutes);
    const downtimePareto = [...pareto.entries()]
      .map(([reason, minutes]) => ({ reason, minutes: Math.round(minutes * 10) / 10 }))
      .sort((a, b) => b.minutes - a.minutes || a.reason.localeCompare(b.reason));

    const machines = new Map<string, { site: string; line: string; machineId: string; minutes: number }>();
    for (const r of recent) {
      for (const m of r.machinePareto ?? []) {
        const key = `${r.site}/${r.line}/${m.machineId}`;
        const e = machines.get(key) ?? { site: r.site, line: r.line, machineId: m.machineId, minutes: 0 };
        e.minutes = Math.round((e.minutes + m.minutes) * 10) / 10;
        machines.set(key, e);
      }
    }
    const downtimeByMachine = [...machines.values()].sort(
      (a, b) => b.minutes - a.minutes || a.machineId.localeCompare(b.machineId),
    );

    const from =
      Math.floor((now - (hours ?? this.agent.config.PRODUCTION_REPORT_TREND_HOURS) * HOUR) / HOUR) * HOUR;
    const counts = await this.facts.acrossLines(sites, ['count'], from, now + 1);
    const buckets = new Map<number, { scrap: number; total: number }>();
    for (const c of counts) {
      const b = Math.floor(c.at / HOUR) * HOUR;
      const e = buckets.get(b) ?? { scrap: 0, total: 0 };
      e.scrap += c.scrap ?? 0;
      e.total += (c.scrap ?? 0) + (c.good ?? 0);
      buckets.set(b, e);
    }
    const scrapTrend = [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([b, e]) => ({
        bucket: new Date(b).toISOString(),
        scrapRate: e.total > 0 ? Math.round((e.scrap / e.total) * 10_000) / 10_000 : 0,
        units: e.total,
      }));

    const handoffs = (await this.reports.latestHandoffs(sites, HANDOFFS)).map((r) => ({
      title: r.handoffTitle,
      body: r.handoffBody,
      createdAt: iso(r.createdAt),
      site: r.site,
      line: r.line,
      shiftId: r.shiftId,
      from: iso(r.startedAt),
      to: iso(r.endedAt),
      actionId: r.actionId ?? null,
      // Older reports stored no citation list: their [S0] is the shift-end event.
      citations: r.citations ?? [{ kind: 'event', id: r.eventId, revision: '', note: 'end of shift' }],
      generation: { inputFlagged: r.inputFlagged ?? false, injectionKinds: r.injectionKinds ?? [] },
    }));
    const periods = { paretoFrom: iso(paretoFrom), trendFrom: iso(from), to: iso(now) };
    return { oeeByLine, downtimePareto, downtimeByMachine, scrapTrend, periods, handoffs };
  }
}
