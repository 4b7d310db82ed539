import { mergedStops, type Stop } from './stops';
import { elapsedWindow, MINUTE_MS, windowMinutes, type TimeWindow } from './time-window';

/** A failure belongs to the window its stop started in. */
const startsIn = (stop: Stop, window: TimeWindow): boolean =>
  stop.startMs >= window.fromMs && stop.startMs < window.toMs;

export interface MttrResult {
  /** Mean minutes from failure to repair over finished repairs; null with none. */
  minutes: number | null;
  /** Failures that started in the window and have ended. */
  repairs: number;
  repairMinutes: number;
  /** Failures that started in the window and are still being repaired (not in the mean). */
  stillOpen: number;
}

/**
 * MTTR over the failures (the caller passes failure stops only) that started in the
 * window. A repair counts whole, not clipped: how long a repair took does not depend on
 * where the window ends. A repair still running has no duration yet and is reported apart.
 */
export function mttr(failures: readonly Stop[], window: TimeWindow, nowMs?: number): MttrResult {
  const w = elapsedWindow(window, nowMs);
  const started = failures.filter((f) => startsIn(f, w));
  const done = started.filter((f): f is Stop & { endMs: number } => f.endMs !== null);
  const repairMinutes = done.reduce((sum, f) => sum + Math.max(0, f.endMs - f.startMs), 0) / MINUTE_MS;
  return {
    minutes: done.length > 0 ? repairMinutes / done.length : null,
    repairs: done.length,
    repairMinutes,
    stillOpen: started.length - done.length,
  };
}

/** MTTR of several windows together (e.g. two sites, each in its own calendar). */
export function combineMttr(parts: readonly MttrResult[]): MttrResult {
  const repairs = parts.reduce((s, p) => s + p.repairs, 0);
  const repairMinutes = parts.reduce((s, p) => s + p.repairMinutes, 0);
  return {
    minutes: repairs > 0 ? repairMinutes / repairs : null,
    repairs,
    repairMinutes,
    stillOpen: parts.reduce((s, p) => s + p.stillOpen, 0),
  };
}

export interface MtbfResult {
  /** Mean minutes of operation between failures; null with no failure. */
  minutes: number | null;
  /** Failures that started in the window, finished or not. */
  failures: number;
  plannedMinutes: number;
  /** Failure stops merged and clipped to the window, open ones to its end. */
  failureDowntimeMinutes: number;
  uptimeMinutes: number;
}

/**
 * MTBF = uptime / failures, uptime = elapsed window minus the failure downtime in it
 * (merged, clipped, open failures to the window's end). Other stops (changeover,
 * starved...) are not subtracted: MTBF measures the equipment, and it was not broken
 * while the line changed over.
 */
export function mtbf(failures: readonly Stop[], window: TimeWindow, nowMs?: number): MtbfResult {
  const w = elapsedWindow(window, nowMs);
  const plannedMinutes = windowMinutes(w);
  const failureDowntimeMinutes =
    mergedStops(failures, w).reduce((s, i) => s + (i.endMs - i.startMs), 0) / MINUTE_MS;
  const count = failures.filter((f) => startsIn(f, w)).length;
  const uptimeMinutes = plannedMinutes - failureDowntimeMinutes;
  return {
    minutes: count > 0 ? uptimeMinutes / count : null,
    failures: count,
    plannedMinutes,
    failureDowntimeMinutes,
    uptimeMinutes,
  };
}

/** MTBF of several lines or windows together: summed uptime over summed failures. */
export function combineMtbf(parts: readonly MtbfResult[]): MtbfResult {
  const sum = (k: 'failures' | 'plannedMinutes' | 'failureDowntimeMinutes' | 'uptimeMinutes') =>
    parts.reduce((s, p) => s + p[k], 0);
  const failures = sum('failures');
  const uptimeMinutes = sum('uptimeMinutes');
  return {
    minutes: failures > 0 ? uptimeMinutes / failures : null,
    failures,
    plannedMinutes: sum('plannedMinutes'),
    failureDowntimeMinutes: sum('failureDowntimeMinutes'),
    uptimeMinutes,
  };
}
