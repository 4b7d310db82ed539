import { NonRetryableError } from '@andon/bus';
import { DeadLetterReason, deadLetterReasonCode } from '@andon/contracts';

/**
 * Why ingest refused an input. Finer than the contract's DeadLetterReason (which is what
 * the andon-dlq-reason header carries, so every DLQ reader understands it); the fine
 * reason is the metric label and the prefix of the human-readable DLQ message.
 */
export const REJECTION_REASONS = [
  'oversized',
  'unsupported_content_type',
  'unsupported_schema_version',
  'decode_failed',
  'schema_invalid',
  'unknown_event_type',
  'missing_site',
  'unknown_location',
  'timestamp_skew',
  // Plant protocols (MQTT source, docs/adr/0016): a topic or metric the protocol maps do not
  // place, a Sparkplug message whose birth we lack, a broken Sparkplug sequence.
  'unmapped_topic',
  'unmapped_metric',
  'sparkplug_no_birth',
  'sequence_gap',
  /** HTTP only: the caller's token is not bound to the event's site. Refused (403), never dead-lettered. */
  'site_not_permitted',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];

const CONTRACT_REASON: { readonly [R in RejectionReason]: DeadLetterReason } = {
  oversized: DeadLetterReason.SCHEMA_INVALID,
  unsupported_content_type: DeadLetterReason.UNSUPPORTED_VERSION,
  unsupported_schema_version: DeadLetterReason.UNSUPPORTED_VERSION,
  decode_failed: DeadLetterReason.DECODE_FAILED,
  schema_invalid: DeadLetterReason.SCHEMA_INVALID,
  unknown_event_type: DeadLetterReason.SCHEMA_INVALID,
  // A missing site is a missing required field; an unknown one is a plant-model gap.
  missing_site: DeadLetterReason.SCHEMA_INVALID,
  unknown_location: DeadLetterReason.UNKNOWN_LOCATION,
  timestamp_skew: DeadLetterReason.SCHEMA_INVALID,
  unmapped_topic: DeadLetterReason.UNKNOWN_LOCATION,
  unmapped_metric: DeadLetterReason.UNKNOWN_LOCATION,
  // Without the right birth certificate the metric aliases cannot be decoded.
  sparkplug_no_birth: DeadLetterReason.DECODE_FAILED,
  sequence_gap: DeadLetterReason.DECODE_FAILED,
  site_not_permitted: DeadLetterReason.UNKNOWN_LOCATION,
};

export function contractReasonOf(reason: RejectionReason): DeadLetterReason {
  return CONTRACT_REASON[reason];
}

/**
 * Thrown by decode/validate/normalise steps for bad input. It is a NonRetryableError so
 * that, thrown from a bus handler, the bus dead-letters the record at once with the
 * contract reason code; the HTTP path catches it and writes the same DLQ record itself.
 */
export class IngestRejection extends NonRetryableError {
  constructor(
    readonly rejection: RejectionReason,
    readonly detail: string,
    /** The source event id, when it could be read before the input was refused. */
    readonly sourceEventId?: string,
  ) {
    super(`${rejection}: ${detail}`, { reason: deadLetterReasonCode(CONTRACT_REASON[rejection]) });
    this.name = 'IngestRejection';
  }
}

export function reject(reason: RejectionReason, detail: string, sourceEventId?: string): never {
  throw new IngestRejection(reason, detail, sourceEventId);
}
