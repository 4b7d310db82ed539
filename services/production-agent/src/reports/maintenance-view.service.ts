import { Inject, Injectable } from '@nestjs/common';
import { AgentContext } from '@andon/agent-kit';
import { mtbf, mttr, type TimeWindow } from '@andon/plant-metrics';
// Which stops are failures is the plant model's vocabulary (mechanical, electrical).
import { isFailureReason, type SiteId } from '@andon/plant-model';
import {
  asStops,
  downtimeIntervals,
  intervalMinutes,
  type DowntimeInterval,
} from '../oee/downtime-intervals';
import type { LineFact } from '../facts/line-fact';
import { LineFactsRepository } from '../facts/line-facts.repository';
import { marksOf } from '../shift/shift-facts';

const HOUR = 3_600_000;
/** Stops that began this long before the window still count for the part inside it. */
const LOOKBACK_MS = 24 * HOUR;
const CLOSED = new Set(['completed', 'cancelled']);
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
const iso = (ms: number) => new Date(ms).toISOString();

export interface MachineReliability {
  site: string;
  line: string;
  machineId: string;
  /** MTBF and MTTR in minutes (@andon/plant-metrics); null without a failure in the window */
  mtbfMinutes: number | null;
  mttrMinutes: number | null;
  failures: number;
  repairsOpen: number;
  stopMinutes: number;
  openWorkOrders: number;
}

export interface MaintenanceView {
  window: { from: string; to: string; hours: number };
  machines: MachineReliability[];
  openWorkOrders: Array<{
    site: string;
    line: string;
    machineId: string;
    workOrderId: string;
    state: string;
    text: string;
    parts: string;
    openedAt: string;
    updatedAt: string;
    eventId: string;
  }>;
}

/**
 * The maintenance planner's view from the agent's facts: maintenance work orders still open
 * (latest state not completed or cancelled) and, per machine, MTBF and MTTR over the window
 * computed by @andon/plant-metrics (the same definitions plant-query answers with).
 */
@Injectable()
export class MaintenanceViewService {
  constructor(
    @Inject(LineFactsRepository) private readonly facts: LineFactsRepository,
    @Inject(AgentContext) private readonly agent: AgentContext,
  ) {}

  async view(sites: readonly SiteId[], hours: number): Promise<MaintenanceView> {
    const to = this.agent.now().getTime();
    // Not before the agent's first fact: time it never observed is not uptime (MTBF would be inflated).
    const observedFrom = (await this.facts.earliest(sites)) ?? to;
    const window: TimeWindow = { fromMs: Math.min(to, Math.max(to - hours * HOUR, observedFrom)), toMs: to };
    const [marks, maintenance] = await Promise.all([
      this.facts.acrossLines(sites, ['downtime_start', 'downtime_end'], window.fromMs - LOOKBACK_MS, to + 1),
      this.facts.acrossLines(sites, ['maintenance'], to - 7 * 24 * HOUR, to + 1),
    ]);
    const openWorkOrders = openOrders(maintenance);
    const byMachine = new Map<
      string,
      { site: string; line: string; machineId: string; intervals: DowntimeInterval[] }
    >();
    const lines = new Map<string, LineFact[]>();
    for (const m of marks) lines.set(`${m.site}/${m.line}`, [...(lines.get(`${m.site}/${m.line}`) ?? []), m]);
    for (const lineMarks of lines.values()) {
      const first = lineMarks[0] as LineFact;
      for (const interval of downtimeIntervals(marksOf(lineMarks), window.fromMs, to)) {
        const key = `${first.site}/${first.line}/${interval.machineId}`;
        const entry = byMachine.get(key) ?? {
          site: first.site,
          line: first.line,
          machineId: interval.machineId,
          intervals: [],
        };
        entry.intervals.push(interval);
        byMachine.set(key, entry);
      }
    }
    for (const wo of openWorkOrders) {
      const key = `${wo.site}/${wo.line}/${wo.machineId}`;
      if (!byMachine.has(key))
        byMachine.set(key, { site: wo.site, line: wo.line, machineId: wo.machineId, intervals: [] });
    }
    const machines = [...byMachine.values()]
      .map(({ site, line, machineId, intervals }) => {
        const failures = asStops(intervals.filter((i) => isFailureReason(i.reason)));
        const repair = mttr(failures, window, to);
        const between = mtbf(failures, window, to);
        return {
          site,
          line,
          machineId,
          mtbfMinutes: round1(between.minutes),
          mttrMinutes: round1(repair.minutes),
          failures: between.failures,
          repairsOpen: repair.stillOpen,
          stopMinutes: round1(intervals.reduce((s, i) => s + intervalMinutes(i), 0)) ?? 0,
          openWorkOrders: openWorkOrders.filter(
            (w) => w.site === site && w.line === line && w.machineId === machineId,
          ).length,
        };
      })
      .sort(
        (a, b) =>
          b.failures - a.failures || b.stopMinutes - a.stopMinutes || a.machineId.localeCompare(b.machineId),
      );
    return { window: { from: iso(window.fromMs), to: iso(to), hours }, machines, openWorkOrders };
  }
}

function openOrders(maintenance: readonly LineFact[]): MaintenanceView['openWorkOrders'] {
  const byRef = new Map<string, { first: LineFact; last: LineFact }>();
  for (const m of maintenance) {
    const key = `${m.site}/${m.ref ?? m.eventId}`;
    const seen = byRef.get(key);
    byRef.set(key, { first: seen?.first ?? m, last: m });
  }
  return [...byRef.values()]
    .filter(({ last }) => !CLOSED.has(last.state ?? ''))
    .map(({ first, last }) => ({
      site: last.site,
      line: last.line,
      machineId: last.machineId ?? '',
      workOrderId: last.ref ?? last.eventId,
      state: last.state ?? '',
      text: last.text ?? '',
      parts: last.parts ?? '',
      openedAt: iso(first.at),
      updatedAt: iso(last.at),
      eventId: last.eventId,
    }))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
