/** What OEE is computed from, for one line over one period (usually a shift). */
export interface OeeInput {
  /** Planned production time in minutes (the shift length). */
  plannedMinutes: number;
  /** Line stopped, in minutes, already merged so overlapping stops count once. */
  downtimeMinutes: number;
  good: number;
  scrap: number;
  /** Ideal rate in units per minute; undefined when neither config nor the events know it. */
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
  quality: number;
  oee: number | null;
  /** Problems in the data, always shown next to the numbers (a report must not hide them). */
  dataQualityIssues: string[];
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/**
 * OEE = availability x performance x quality, computed in code and never by a model:
 * availability = run time / planned time, performance = total count / (ideal rate x run
 * time), quality = good / total. Impossible inputs are clamped and reported rather than
 * producing ratios above 1.
 */
export function computeOee(input: OeeInput): OeeResult {
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) throw new RangeError(`OEE input ${name} must be a finite number >= 0, got ${String(value)}`);
  }
  const issues: string[] = [];
  const { plannedMinutes, good, scrap } = input;
  const total = good + scrap;
  let downtimeMinutes = input.downtimeMinutes;
  if (downtimeMinutes > plannedMinutes) {
    issues.push(`recorded downtime of ${round4(downtimeMinutes)} minutes exceeds the planned time of ${round4(plannedMinutes)} minutes; capped at the planned time`);
    downtimeMinutes = plannedMinutes;
  }
  const runMinutes = plannedMinutes - downtimeMinutes;
  if (plannedMinutes === 0) issues.push('no planned production time');
  if (total === 0) issues.push('no output was counted');
  else if (runMinutes === 0) issues.push(`${total} units were counted while the line was recorded as stopped`);

  const availability = plannedMinutes > 0 ? runMinutes / plannedMinutes : 0;
  const quality = total > 0 ? good / total : 0;
  let performance: number | null = null;
  const ideal = input.idealRatePerMinute;
  if (ideal === undefined || ideal === 0) {
    issues.push('no ideal rate is configured for the line, so performance and OEE are unknown');
  } else {
    performance = runMinutes > 0 ? total / (ideal * runMinutes) : 0;
    if (performance > 1) {
      issues.push(`output ran above the ideal rate of ${ideal} per minute (performance ${round4(performance * 100)}%); capped at 100%, check the configured ideal rate`);
      performance = 1;
    }
  }
  const oee = performance === null ? null : availability * performance * quality;
  return {
    plannedMinutes: round4(plannedMinutes),
    downtimeMinutes: round4(downtimeMinutes),
    runMinutes: round4(runMinutes),
    good,
    scrap,
    total,
    availability: round4(availability),
    performance: performance === null ? null : round4(performance),
    quality: round4(quality),
    oee: oee === null ? null : round4(oee),
    dataQualityIssues: issues,
  };
}
