import type { MessageHeaders as Headers, OutgoingMessage } from '@andon/bus';
import { DeadLetter, HeaderNames, deadLetterReasonFromCode } from '@andon/contracts';

const MAX_MESSAGE_LENGTH = 1_000;

const DLQ_HEADER_NAMES: ReadonlySet<string> = new Set([
  HeaderNames.DlqReason,
  HeaderNames.DlqMessage,
  HeaderNames.DlqSourceTopic,
  HeaderNames.DlqSourcePartition,
  HeaderNames.DlqSourceOffset,
  HeaderNames.DlqConsumerGroup,
  HeaderNames.DlqFailedAt,
  HeaderNames.DlqAttempts,
  HeaderNames.DlqErrorName,
]);

export interface DeadLetterInput {
  dlqTopic: string;
  key: string | null;
  value: Uint8Array;
  headers: Headers;
  /** Contract reason code (deadLetterReasonCode()), e.g. `schema_invalid`. */
  reason: string;
  message: string;
  errorName: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  consumerGroup: string;
  failedAt: Date;
  attempts: number;
  extraHeaders?: Headers;
}

/**
 * A dead letter in the format libs/bus writes (processing/dead-letter.ts): the original
 * key, bytes and headers untouched plus the `andon-dlq-*` headers. Ingest writes this
 * itself only for input that did not come from a topic (HTTP); topic input is
 * dead-lettered by the bus. One format on andon.dlq.v1 whoever wrote the record.
 */
export function deadLetterMessage(input: DeadLetterInput): OutgoingMessage {
  return {
    topic: input.dlqTopic,
    key: input.key,
    value: input.value,
    headers: {
      ...input.headers,
      ...input.extraHeaders,
      [HeaderNames.DlqReason]: input.reason,
      [HeaderNames.DlqMessage]: input.message.slice(0, MAX_MESSAGE_LENGTH),
      [HeaderNames.DlqErrorName]: input.errorName,
      [HeaderNames.DlqSourceTopic]: input.sourceTopic,
      [HeaderNames.DlqSourcePartition]: String(input.sourcePartition),
      [HeaderNames.DlqSourceOffset]: input.sourceOffset,
      [HeaderNames.DlqConsumerGroup]: input.consumerGroup,
      [HeaderNames.DlqFailedAt]: input.failedAt.toISOString(),
      [HeaderNames.DlqAttempts]: String(input.attempts),
    },
  };
}

/** The headers the record had before it was dead-lettered (what a replay restores). */
export function originalHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !DLQ_HEADER_NAMES.has(name)));
}

function int(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isSafeInteger(n) ? n : fallback;
}

/**
 * Reads a record of andon.dlq.v1 as the contract's DeadLetter (dlq.proto), so listing and
 * replay speak the contract whatever wrote the record. A record that is not in the
 * header format (no andon-dlq-reason) is tried as an encoded DeadLetter message.
 */
export function readDeadLetter(value: Uint8Array, headers: Headers, key: string | null): DeadLetter {
  const reason = headers[HeaderNames.DlqReason];
  if (reason === undefined) {
    try {
      return DeadLetter.decode(value);
    } catch {
      // Neither format: keep the bytes so nothing is lost; the reason stays UNSPECIFIED.
    }
  }
  const failedAt = new Date(headers[HeaderNames.DlqFailedAt] ?? '');
  return DeadLetter.fromPartial({
    reason: deadLetterReasonFromCode(reason ?? ''),
    message: headers[HeaderNames.DlqMessage] ?? '',
    originalValue: Buffer.from(value),
    originalKey: key === null ? Buffer.alloc(0) : Buffer.from(key, 'utf8'),
    originalHeaders: Object.entries(originalHeaders(headers)).map(([k, v]) => ({
      key: k,
      value: Buffer.from(v, 'utf8'),
    })),
    sourceTopic: headers[HeaderNames.DlqSourceTopic] ?? '',
    sourcePartition: int(headers[HeaderNames.DlqSourcePartition], -1),
    sourceOffset: int(headers[HeaderNames.DlqSourceOffset], -1),
    failedAt: Number.isNaN(failedAt.getTime()) ? undefined : failedAt,
    consumerGroup: headers[HeaderNames.DlqConsumerGroup] ?? '',
    attempts: int(headers[HeaderNames.DlqAttempts], 0),
    eventId: headers[HeaderNames.EventId] ?? '',
  });
}
