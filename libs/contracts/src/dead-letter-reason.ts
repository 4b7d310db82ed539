import { DeadLetterReason, deadLetterReasonFromJSON, deadLetterReasonToJSON } from './gen/andon/v1/dlq';

const PREFIX = 'DEAD_LETTER_REASON_';

/** Short form used in the andon-dlq-reason header, e.g. RETRIES_EXHAUSTED -> 'retries_exhausted'. */
export function deadLetterReasonCode(reason: DeadLetterReason): string {
  return deadLetterReasonToJSON(reason).replace(PREFIX, '').toLowerCase();
}

/** Inverse of deadLetterReasonCode; UNSPECIFIED for a code this version does not know. */
export function deadLetterReasonFromCode(code: string): DeadLetterReason {
  const reason = deadLetterReasonFromJSON(`${PREFIX}${code.toUpperCase()}`);
  return reason === DeadLetterReason.UNRECOGNIZED ? DeadLetterReason.UNSPECIFIED : reason;
}
