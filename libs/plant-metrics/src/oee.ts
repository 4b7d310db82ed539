import { downtimeMinutes, type Stop } from './stops';
import { elapsedWindow, windowMinutes, type TimeWindow } from './time-window';

/** What OEE is computed from, for one line over one period (usually a shift). */
export interface OeeInput {
  /** Planned production time in minutes (the elapsed window). */
  plannedMinutes: number;
  /** Minutes the line was stopped, already merged so overlapping stops count once. */
  downtimeMinutes: number;
  good: number;
  scrap: number;
  /** Ideal rate in units per minute; undefined (or 0) when the plant model does not know it. */
  idealRatePerMinute: number | undefined;
}

export interface OeeResult {
  plannedMinutes: number;
  downtimeMinutes: number;
  runMinutes: number;
  good: number;
  scrap: number;
  total: number;
  /** 0..1, rounded to 4 decimals. */
  availability: number;
  /** 0..1, rounded to 4 decimals; null without an ideal rate. */
  performance: number | null;
  /** 0..1, rounded to 4 decimals. */
  quality: number;
  /** availability x performance x quality, rounded to 4 decimals; null without an ideal rate. */
  oee: number | null;
  /** Problems in the data, always shown next to the numbers (a report must not hide them). */
  dataQualityIssues: string[];
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/** Run time over planned time; downtime beyond the planned time counts as the whole of it; 0 with no planned time. */
export function availability(plannedMinutes: number, stoppedMinutes: number): number {
  if (plannedMinutes <= 0) return 0;
  return (plannedMinutes - Math.min(stoppedMinutes, plannedMinutes)) / plannedMinutes;
}

/**
 * Units made over units the ideal rate allows in the run time, capped at 1 (a rate above
 * the ideal one questions the ideal rate, not the line). Null when the ideal rate is
 * unknown or 0; 0 when the line never ran.
 */
export function performance(
  totalUnits: number,
  runMinutes: number,
  idealRatePerMinute: number | undefined,
): number | null {
  if (idealRatePerMinute === undefined || idealRatePerMinute <= 0) return null;
  if (runMinutes <= 0) return 0;
  return Math.min(1, totalUnits / (idealRatePerMinute * runMinutes));
}

/** Good units over all units; 0 when nothing was counted. */
export function quality(good: number, scrap: number): number {
  const total = good + scrap;
  return total > 0 ? good / total : 0;
}

/**
 * OEE = availability x performance x quality, computed in code and never by a model.
 * Impossible inputs are clamped and reported rather than producing ratios above 1;
 * negative or non-finite inputs are refused.
 */
export function computeOee(input: OeeInput): OeeResult {
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new RangeError(`OEE input ${name} must be a finite number >= 0, got ${String(value)}`);
    }
  }
  const issues: string[] = [];
  const { plannedMinutes, good, scrap } = input;
  const total = good + scrap;
  let stopped = input.downtimeMinutes;
  if (stopped > plannedMinutes) {
    issues.push(
      `recorded downtime of ${round4(stopped)} minutes exceeds the planned time of ${round4(plannedMinutes)} minutes; capped at the planned time`,
    );
    stopped = plannedMinutes;
  }
  const runMinutes = plannedMinutes - stopped;
  if (plannedMinutes === 0) issues.push('no planned production time');
  if (total === 0) issues.push('no output was counted');
  else if (runMinutes === 0)
    issues.push(`${total} units were counted while the line was recorded as stopped`);

  const ideal = input.idealRatePerMinute;
  const perf = performance(total, runMinutes, ideal);
  if (perf === null)
    issues.push('no ideal rate is configured for the line, so performance and OEE are unknown');
  else if (ideal !== undefined && runMinutes > 0 && total > ideal * runMinutes) {
    const uncapped = total / (ideal * runMinutes);
    issues.push(
      `output ran above the ideal rate of ${ideal} per minute (performance ${round4(uncapped * 100)}%); capped at 100%, check the configured ideal rate`,
    );
  }
  const a = availability(plannedMinutes, stopped);
  const q = quality(good, scrap);
  return {
    plannedMinutes: round4(plannedMinutes),
    downtimeMinutes: round4(stopped),
    runMinutes: round4(runMinutes),
    good,
    scrap,
    total,
    availability: round4(a),
    performance: perf === null ? null : round4(perf),
    quality: round4(q),
    oee: perf === null ? null : round4(a * perf * q),
    dataQualityIssues: issues,
  };
}

/** One line over one window: its stops and its counts. */
export interface WindowOeeInput {
  window: TimeWindow;
  /** Measure up to here when the window is still running (default: the window's end). */
  nowMs?: number;
  /** The line's stops; they may overlap, start before the window or still be open. */
  stops: readonly Stop[];
  good: number;
  scrap: number;
  idealRatePerMinute: number | undefined;
}

/**
 * OEE of one line over a window: planned time is the elapsed window, downtime the merged
 * stops clipped to it (open stops counted to its end). The one definition the shift
 * report and plant queries share.
 */
export function oeeOverWindow(input: WindowOeeInput): OeeResult {
  const elapsed = elapsedWindow(input.window, input.nowMs);
  return computeOee({
    plannedMinutes: windowMinutes(elapsed),
    downtimeMinutes: downtimeMinutes(input.stops, elapsed),
    good: input.good,
    scrap: input.scrap,
    idealRatePerMinute: input.idealRatePerMinute,
  });
}
