import type { Stop } from '@andon/plant-metrics';

/** A downtime start or end as the agent stored it. */
export interface DowntimeMark {
  kind: 'downtime_start' | 'downtime_end';
  at: number;
  downtimeId?: string;
  machineId?: string;
  reason?: string;
  /** Ends only: when the source says the stop began. */
  startedAt?: number;
  eventId: string;
}

export interface DowntimeInterval {
  start: number;
  end: number;
  machineId: string;
  reason: string;
  /** Still running at the end of the window. */
  open: boolean;
  eventIds: string[];
}

const MINUTE = 60_000;

/**
 * Pairs starts and ends (by downtime id, else by machine, else the oldest open stop) and
 * clips each stop to [from, to). An end without a start uses its own started_at, or is
 * dropped when it has none; a start without an end runs to the window's end.
 */
export function downtimeIntervals(
  marks: readonly DowntimeMark[],
  from: number,
  to: number,
): DowntimeInterval[] {
  const sorted = [...marks].sort(
    (a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'downtime_start' ? -1 : 1),
  );
  const open: DowntimeMark[] = [];
  const out: DowntimeInterval[] = [];
  const push = (start: number, end: number, m: DowntimeMark, isOpen: boolean, eventIds: string[]) => {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e > s)
      out.push({
        start: s,
        end: e,
        machineId: m.machineId ?? '',
        reason: m.reason || 'unspecified',
        open: isOpen,
        eventIds,
      });
  };
  for (const mark of sorted) {
    if (mark.kind === 'downtime_start') {
      open.push(mark);
      continue;
    }
    const i = matchIndex(open, mark);
    const start = i >= 0 ? open.splice(i, 1)[0] : undefined;
    const startedAt = mark.startedAt ?? start?.at;
    if (startedAt === undefined) continue;
    // The reason is often only known, or corrected, when the stop ends.
    push(
      startedAt,
      mark.at,
      { ...mark, reason: mark.reason || start?.reason, machineId: mark.machineId || start?.machineId },
      false,
      [...(start ? [start.eventId] : []), mark.eventId],
    );
  }
  for (const start of open) push(start.at, to, start, true, [start.eventId]);
  return out.sort((a, b) => a.start - b.start);
}

function matchIndex(open: readonly DowntimeMark[], end: DowntimeMark): number {
  if (end.downtimeId) {
    const byId = open.findIndex((s) => s.downtimeId === end.downtimeId);
    if (byId >= 0) return byId;
  }
  if (end.machineId) {
    const byMachine = open.findIndex((s) => s.machineId === end.machineId);
    if (byMachine >= 0) return byMachine;
  }
  return open.length > 0 ? 0 : -1;
}

export function intervalMinutes(i: DowntimeInterval): number {
  return (i.end - i.start) / MINUTE;
}

/**
 * The intervals as plant-metrics stops: an interval still running at the window's end is
 * an open stop, so downtime and OEE count it the way every other service does.
 */
export function asStops(intervals: readonly DowntimeInterval[]): Stop[] {
  return intervals.map((i) => ({ startMs: i.start, endMs: i.open ? null : i.end }));
}

/** Stop minutes per reason, largest first (the downtime Pareto). */
export function downtimePareto(
  intervals: readonly DowntimeInterval[],
): Array<{ reason: string; minutes: number }> {
  const byReason = new Map<string, number>();
  for (const i of intervals) byReason.set(i.reason, (byReason.get(i.reason) ?? 0) + intervalMinutes(i));
  return [...byReason.entries()]
    .map(([reason, minutes]) => ({ reason, minutes: Math.round(minutes * 10) / 10 }))
    .sort((a, b) => b.minutes - a.minutes || a.reason.localeCompare(b.reason));
}
