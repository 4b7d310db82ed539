import type { OutgoingMessage } from '@andon/bus';
import { ContentTypes, HeaderNames, deadLetterReasonCode } from '@andon/contracts';
import { deadLetterMessage } from '../dead-letter/dead-letter-record';
import { contractReasonOf, type RejectionReason } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';

/** Headers of MQTT-origin dead letters (beside the `andon-dlq-*` ones). */
export const MqttHeaders = {
  /** The MQTT topic the message arrived on. */
  Topic: 'andon-mqtt-topic',
  /** Which part of the message was refused: a metric name, `alias N`, a B2MML element, or `(message)`. */
  Unit: 'andon-mqtt-unit',
  /** The raw JSON event ingest derived from that part (when it got that far), for the operator. */
  Derived: 'andon-mqtt-derived-event',
} as const;

export const SPARKPLUG_CONTENT_TYPE = 'application/vnd.eclipse.sparkplug.b+protobuf';

export interface MqttDeadLetterInput {
  dlqTopic: string;
  groupId: string;
  topic: string;
  /** The MQTT message payload exactly as received. */
  payload: Uint8Array;
  contentType: string;
  unit: string;
  reason: RejectionReason;
  detail: string;
  derived?: Uint8Array;
  receivedAt: Date;
  /** Unique per dead letter: `<client id>/<received ms>/<message id>/<unit index>`. */
  dlqId: string;
}

/**
 * A refused MQTT message (or one part of it) on andon.dlq.v1 in the one DLQ format: the
 * original payload bytes as the value, the reason in `andon-dlq-reason` and the message.
 * The source "topic" is `mqtt:<topic>` and the group `<ingest group>-mqtt`: these dead
 * letters are not re-submitted by ingest's replay (a Sparkplug payload cannot be decoded
 * without the birth it belonged to); the fix is the map, then the plant's own re-send.
 */
export function mqttDeadLetter(input: MqttDeadLetterInput): OutgoingMessage {
  const headers: Record<string, string> = {
    [HeaderNames.ContentType]: input.contentType,
    [IngestHeaders.Origin]: 'mqtt',
    [IngestHeaders.ReceivedAt]: input.receivedAt.toISOString(),
    [MqttHeaders.Topic]: input.topic,
    [MqttHeaders.Unit]: input.unit,
  };
  if (input.derived)
    headers[MqttHeaders.Derived] = Buffer.from(input.derived).toString('utf8').slice(0, 4_000);
  return deadLetterMessage({
    dlqTopic: input.dlqTopic,
    key: input.topic,
    value: input.payload,
    headers,
    reason: deadLetterReasonCode(contractReasonOf(input.reason)),
    message: `${input.reason}: ${input.detail}`,
    errorName: 'IngestRejection',
    sourceTopic: `mqtt:${input.topic}`,
    sourcePartition: -1,
    sourceOffset: '-1',
    consumerGroup: input.groupId,
    failedAt: input.receivedAt,
    attempts: 1,
    extraHeaders: { [IngestHeaders.DlqId]: input.dlqId },
  });
}

export const JSON_CONTENT_TYPE = ContentTypes.Json;
