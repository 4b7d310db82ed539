import { NonconformanceStatus } from './gen/andon/v1/quality_events';

/**
 * Whether a Nonconformance event reports a raised (new or still open) NCR rather than an
 * update of one raised earlier. UNSPECIFIED counts as raised because producers that
 * predate the status field send only the NCR's first report.
 */
export function isRaisedNonconformance(status: NonconformanceStatus): boolean {
  return status === NonconformanceStatus.UNSPECIFIED || status === NonconformanceStatus.OPEN;
}
