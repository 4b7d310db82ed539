import type { OutgoingMessage } from '@andon/bus';
import { ContentTypes } from '@andon/contracts';
import { protocolDeadLetter } from '../dead-letter/protocol-dead-letter';
import type { RejectionReason } from '../normalise/rejection';

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
  return protocolDeadLetter({
    ...input,
    origin: 'mqtt',
    source: input.topic,
    key: input.topic,
    headers: { [MqttHeaders.Topic]: input.topic, [MqttHeaders.Unit]: input.unit },
    derivedHeader: MqttHeaders.Derived,
  });
}

export const JSON_CONTENT_TYPE = ContentTypes.Json;
