import type { OutgoingMessage } from '@andon/bus';
import { ContentTypes } from '@andon/contracts';
import { protocolDeadLetter } from '../dead-letter/protocol-dead-letter';
import type { RejectionReason } from '../normalise/rejection';

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
  return protocolDeadLetter({
    ...input,
    origin: 'opcua',
    source: `${input.server}/${input.node}`,
    key: `${input.server}/${input.node}`,
    contentType: ContentTypes.Json,
    headers: { [OpcuaHeaders.Server]: input.server, [OpcuaHeaders.Node]: input.node },
    derivedHeader: OpcuaHeaders.Derived,
  });
}
