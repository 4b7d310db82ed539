import { elapsedWindow, MINUTE_MS, type TimeWindow } from './time-window';

/** A stop of a line or machine; `endMs: null` while it is still running. */
export interface Stop {
  startMs: number;
  endMs: number | null;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

/**
 * The part of a stop inside the elapsed window: clipped to [from, min(to, now)), an open
 * stop running to that end. Null when nothing of it falls inside.
 */
export function clipStop(stop: Stop, window: TimeWindow, nowMs?: number): Interval | null {
  const w = elapsedWindow(window, nowMs);
  const startMs = Math.max(stop.startMs, w.fromMs);
  const endMs = Math.min(stop.endMs ?? w.toMs, w.toMs);
  return endMs > startMs ? { startMs, endMs } : null;
}

/**
 * The stopped time of a line as disjoint intervals: every stop clipped to the elapsed
 * window, open stops running to its end, overlapping or touching stops (two machines down
 * at once) merged so the same minute is never counted twice.
 */
export function mergedStops(stops: readonly Stop[], window: TimeWindow, nowMs?: number): Interval[] {
  const clipped = stops
    .map((s) => clipStop(s, window, nowMs))
    .filter((i): i is Interval => i !== null)
    .sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const i of clipped) {
    const last = out[out.length - 1];
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ ...i });
  }
  return out;
}

/** Minutes the line was stopped inside the elapsed window (merged, clipped, open stops to its end). */
export function downtimeMinutes(stops: readonly Stop[], window: TimeWindow, nowMs?: number): number {
  return mergedStops(stops, window, nowMs).reduce((sum, i) => sum + (i.endMs - i.startMs), 0) / MINUTE_MS;
}
