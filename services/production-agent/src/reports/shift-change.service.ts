import { Inject, Injectable } from '@nestjs/common';
import { AgentContext } from '@andon/agent-kit';
import { canonicalize, sha256Hex } from '@andon/governance/canonical';
import type { SiteId } from '@andon/plant-model';
import { downtimeMinutes } from '@andon/plant-metrics';
import { asStops, downtimePareto } from '../oee/downtime-intervals';
import type { LineFact } from '../facts/line-fact';
import { LineFactsRepository } from '../facts/line-facts.repository';
import { openNcrIds } from '../schedule/schedule-risk.service';
import { stopsIn } from '../shift/shift-facts';
import { ShiftReportsRepository, type ShiftReport } from '../shift/shift-reports.repository';

const DAY = 24 * 3_600_000;
/** How far back an NCR still counts as a hold, and a work order as open (the agent keeps 7 days). */
const LOOKBACK_MS = 7 * DAY;
const CLOSED_MAINTENANCE = new Set(['completed', 'cancelled']);
const iso = (ms: number) => new Date(ms).toISOString();

export interface ShiftRef {
  shiftId: string;
  from: string;
  to: string;
}

export interface ShiftDowntime {
  minutes: number;
  stops: number;
  byReason: Array<{ reason: string; minutes: number }>;
}

/** What the incoming supervisor reads and signs; `contentHash` is sha256 of canonical JSON of `content`. */
export interface ShiftChange {
  site: string;
  line: string;
  contentHash: string;
  content: {
    site: string;
    line: string;
    shift: ShiftRef;
    previous: ShiftRef | null;
    ncrsOpened: Array<{ ncrId: string; at: string; text: string; lotId: string; eventId: string }>;
    ncrsClosed: Array<{ ncrId: string; at: string; eventId: string }>;
    /** NCRs still holding product at the end of the shift and at the end of the one before. */
    holds: { open: string[]; previousOpen: number | null };
    /** Maintenance work orders not completed or cancelled at the end of the shift. */
    openWorkOrders: Array<{
      workOrderId: string;
      machineId: string;
      state: string;
      text: string;
      at: string;
      eventId: string;
    }>;
    downtime: { shift: ShiftDowntime; previous: ShiftDowntime | null };
  };
}

/**
 * "What changed since the last shift", per line: the latest ended shift against the one
 * before, from the agent's own facts. The content is hashed so an acknowledgement can name
 * exactly what was shown; the same shift asked again gives the same hash unless late
 * events for it arrived meanwhile.
 */
@Injectable()
export class ShiftChangeService {
  constructor(
    @Inject(ShiftReportsRepository) private readonly reports: ShiftReportsRepository,
    @Inject(LineFactsRepository) private readonly facts: LineFactsRepository,
    @Inject(AgentContext) private readonly agent: AgentContext,
  ) {}

  async changes(sites: readonly SiteId[]): Promise<ShiftChange[]> {
    const recent = await this.reports.recent(sites, this.agent.now().getTime() - LOOKBACK_MS, 5_000);
    const byLine = new Map<string, ShiftReport[]>();
    for (const r of recent) {
      const list = byLine.get(`${r.site}/${r.line}`) ?? [];
      if (list.length < 2) list.push(r);
      byLine.set(`${r.site}/${r.line}`, list);
    }
    const out: ShiftChange[] = [];
    for (const [latest, previous] of byLine.values())
      if (latest) out.push(await this.change(latest, previous));
    return out.sort((a, b) => a.site.localeCompare(b.site) || a.line.localeCompare(b.line));
  }

  private async change(shift: ShiftReport, previous: ShiftReport | undefined): Promise<ShiftChange> {
    const { site, line } = shift;
    const from = shift.startedAt;
    const to = shift.endedAt;
    const ncrFacts = await this.facts.inWindow(site, line, ['ncr', 'ncr_closed'], to - LOOKBACK_MS, to + 1);
    const inShift = (f: LineFact) => f.at >= from && f.at < to;
    const maintenance = await this.facts.inWindow(site, line, ['maintenance'], to - LOOKBACK_MS, to + 1);
    const latestByRef = new Map<string, LineFact>();
    for (const m of maintenance) latestByRef.set(m.ref ?? m.eventId, m);
    const content: ShiftChange['content'] = {
      site,
      line,
      shift: ref(shift),
      previous: previous ? ref(previous) : null,
      ncrsOpened: ncrFacts
        .filter((f) => f.kind === 'ncr' && inShift(f))
        .map((f) => ({
          ncrId: f.ref ?? f.eventId,
          at: iso(f.at),
          text: f.text ?? '',
          lotId: f.lotId ?? '',
          eventId: f.eventId,
        })),
      ncrsClosed: ncrFacts
        .filter((f) => f.kind === 'ncr_closed' && inShift(f))
        .map((f) => ({ ncrId: f.ref ?? f.eventId, at: iso(f.at), eventId: f.eventId })),
      holds: {
        open: openNcrIds(ncrFacts),
        previousOpen: previous ? openNcrIds(ncrFacts.filter((f) => f.at <= previous.endedAt)).length : null,
      },
      openWorkOrders: [...latestByRef.values()]
        .filter((m) => !CLOSED_MAINTENANCE.has(m.state ?? ''))
        .map((m) => ({
          workOrderId: m.ref ?? m.eventId,
          machineId: m.machineId ?? '',
          state: m.state ?? '',
          text: m.text ?? '',
          at: iso(m.at),
          eventId: m.eventId,
        })),
      downtime: {
        shift: await this.downtime(shift),
        previous: previous ? await this.downtime(previous) : null,
      },
    };
    return { site, line, contentHash: shiftChangeHash(content), content };
  }

  private async downtime(r: ShiftReport): Promise<ShiftDowntime> {
    const intervals = await stopsIn(this.facts, r.site, r.line, r.startedAt, r.endedAt);
    // Line downtime as the OEE counts it (@andon/plant-metrics: overlapping stops merged).
    const minutes = downtimeMinutes(asStops(intervals), { fromMs: r.startedAt, toMs: r.endedAt });
    return {
      minutes: Math.round(minutes * 10) / 10,
      stops: intervals.length,
      byReason: downtimePareto(intervals),
    };
  }
}

function ref(r: ShiftReport): ShiftRef {
  return { shiftId: r.shiftId, from: iso(r.startedAt), to: iso(r.endedAt) };
}

/** sha256 (hex) of the canonical JSON of the content: what an acknowledgement signs. */
export function shiftChangeHash(content: ShiftChange['content']): string {
  return sha256Hex(canonicalize(content));
}
