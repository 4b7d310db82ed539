import type { OutgoingMessage } from '@andon/bus';
import { HeaderNames, deadLetterReasonCode } from '@andon/contracts';
import { contractReasonOf, type RejectionReason } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { deadLetterMessage } from './dead-letter-record';

/** Most characters of the derived event kept in its header. */
const DERIVED_HEADER_CHARS = 4_000;

export interface ProtocolDeadLetterInput {
  dlqTopic: string;
  /** The ingest group; the dead letter names `<group>-<origin>` as its consumer. */
  groupId: string;
  origin: 'mqtt' | 'opcua';
  /** Where the message came from: the DLQ's source "topic" is `<origin>:<source>`. */
  source: string;
  key: string;
  /** What the plant sent, exactly as received (or rendered, where the protocol gives no bytes). */
  payload: Uint8Array;
  contentType: string;
  /** The protocol's own headers (where it came from, which part was refused). */
  headers: Readonly<Record<string, string>>;
  reason: RejectionReason;
  detail: string;
  /** The raw JSON event ingest derived (when it got that far), kept in `derivedHeader`. */
  derived?: Uint8Array | undefined;
  derivedHeader: string;
  receivedAt: Date;
  dlqId: string;
}

/**
 * A refused message from a plant protocol on andon.dlq.v1 in the one DLQ format: the
 * original payload as the value, the reason in `andon-dlq-reason` and the message. These
 * are not re-submitted by ingest's replay (the source is not a topic ingest reads); the
 * fix is the map, then the plant's next value or re-send.
 */
export function protocolDeadLetter(input: ProtocolDeadLetterInput): OutgoingMessage {
  const headers: Record<string, string> = {
    [HeaderNames.ContentType]: input.contentType,
    [IngestHeaders.Origin]: input.origin,
    [IngestHeaders.ReceivedAt]: input.receivedAt.toISOString(),
    ...input.headers,
  };
  if (input.derived)
    headers[input.derivedHeader] = Buffer.from(input.derived).toString('utf8').slice(0, DERIVED_HEADER_CHARS);
  return deadLetterMessage({
    dlqTopic: input.dlqTopic,
    key: input.key,
    value: input.payload,
    headers,
    reason: deadLetterReasonCode(contractReasonOf(input.reason)),
    message: `${input.reason}: ${input.detail}`,
    errorName: 'IngestRejection',
    sourceTopic: `${input.origin}:${input.source}`,
    sourcePartition: -1,
    sourceOffset: '-1',
    consumerGroup: input.groupId,
    failedAt: input.receivedAt,
    attempts: 1,
    extraHeaders: { [IngestHeaders.DlqId]: input.dlqId },
  });
}
