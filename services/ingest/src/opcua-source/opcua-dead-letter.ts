import type { OutgoingMessage } from '@andon/bus';
import { ContentTypes, HeaderNames, deadLetterReasonCode } from '@andon/contracts';
import { deadLetterMessage } from '../dead-letter/dead-letter-record';
import { contractReasonOf, type RejectionReason } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';

/** Headers of OPC UA-origin dead letters (beside the `andon-dlq-*` ones). */
export const OpcuaHeaders = {
  Server: 'andon-opcua-server',
  /** The node id of a data change, or the event notifier of an event. */
  Node: 'andon-opcua-node',
  /** The raw JSON event ingest derived (when it got that far). */
  Derived: 'andon-opcua-derived-event',
} as const;

export interface OpcuaDeadLetterInput {
  dlqTopic: string;
  groupId: string;
  server: string;
  node: string;
  /** The notification exactly as the session worker rendered it (JSON): OPC UA gives no per-notification bytes. */
  payload: Uint8Array;
  reason: RejectionReason;
  detail: string;
  derived?: Uint8Array;
  receivedAt: Date;
  dlqId: string;
}

/**
 * A refused OPC UA notification on andon.dlq.v1 in the one DLQ format. Source "topic"
 * `opcua:<server>/<node>`, group `<ingest group>-opcua`; like MQTT dead letters they are
 * not re-submitted by ingest's replay: the fix is the map, then the next value.
 */
export function opcuaDeadLetter(input: OpcuaDeadLetterInput): OutgoingMessage {
  const headers: Record<string, string> = {
    [HeaderNames.ContentType]: ContentTypes.Json,
    [IngestHeaders.Origin]: 'opcua',
    [IngestHeaders.ReceivedAt]: input.receivedAt.toISOString(),
    [OpcuaHeaders.Server]: input.server,
    [OpcuaHeaders.Node]: input.node,
  };
  if (input.derived)
    headers[OpcuaHeaders.Derived] = Buffer.from(input.derived).toString('utf8').slice(0, 4_000);
  return deadLetterMessage({
    dlqTopic: input.dlqTopic,
    key: `${input.server}/${input.node}`,
    value: input.payload,
    headers,
    reason: deadLetterReasonCode(contractReasonOf(input.reason)),
    message: `${input.reason}: ${input.detail}`,
    errorName: 'IngestRejection',
    sourceTopic: `opcua:${input.server}/${input.node}`,
    sourcePartition: -1,
    sourceOffset: '-1',
    consumerGroup: input.groupId,
    failedAt: input.receivedAt,
    attempts: 1,
    extraHeaders: { [IngestHeaders.DlqId]: input.dlqId },
  });
}
