import { DowntimeReason } from '@andon/contracts';

/**
 * The name a stop's reason goes by in stored facts, reports and answers: the canonical
 * reason in lower case (`mechanical_failure`); `unmapped:<site code>` when ingest could
 * not map the site's code (so the Pareto shows which code needs a map entry);
 * `unspecified` when the source gave no reason at all.
 */
export function downtimeReasonName(canonical: DowntimeReason, siteCode: string): string {
  if (canonical === DowntimeReason.UNSPECIFIED || canonical === DowntimeReason.UNMAPPED) {
    const code = siteCode.trim();
    return code ? `unmapped:${code}` : 'unspecified';
  }
  return (DowntimeReason[canonical] ?? 'UNSPECIFIED').toLowerCase();
}

/** Reasons that mean the equipment failed (MTBF, MTTR); other stops are planned or external. */
export const FAILURE_REASONS: readonly string[] = ['mechanical_failure', 'electrical_failure'];

export function isFailureReason(reason: string): boolean {
  return FAILURE_REASONS.includes(reason);
}
