import { Decision, ExecutionRecord } from './gen/andon/v1/decisions';
import { ProposedAction } from './gen/andon/v1/actions';
import { DeadLetter } from './gen/andon/v1/dlq';
import { KnowledgeDocument } from './gen/andon/v1/knowledge';
import { LedgerCheckpoint, LedgerEntry } from './gen/andon/v1/ledger';
import { LlmCallRecord } from './gen/andon/v1/llm';
import { PlantEvent } from './gen/andon/v1/plant_events';
import { Recommendation } from './gen/andon/v1/recommendations';
import { ShiftAcknowledgement } from './gen/andon/v1/shift_acknowledgement';
import type { MessageCodec } from './message-codec';
import { Topics, type PayloadMessage, type TopicName } from './topics';

/** The record value type of each topic, for typed producers and consumers. */
export interface TopicPayloads {
  'andon.raw.mes.v1': PlantEvent;
  'andon.raw.erp.v1': PlantEvent;
  'andon.raw.historian.v1': PlantEvent;
  'andon.raw.qms.v1': PlantEvent;
  'andon.raw.cmms.v1': PlantEvent;
  'andon.plant-events.v1': PlantEvent;
  'andon.documents.published.v1': KnowledgeDocument;
  'andon.actions.proposed.v1': ProposedAction;
  'andon.actions.decided.v1': Decision;
  'andon.actions.executed.v1': ExecutionRecord;
  'andon.recommendations.v1': Recommendation;
  'andon.llm.calls.v1': LlmCallRecord;
  'andon.ledger.entries.v1': LedgerEntry;
  'andon.ledger.checkpoints.v1': LedgerCheckpoint;
  'andon.shift.acknowledged.v1': ShiftAcknowledgement;
}

/** Topics whose value is one protobuf message; the dead-letter topic carries original records instead. */
export type CodedTopic = Exclude<TopicName, typeof Topics.DeadLetters>;

// Mapping over CodedTopic (not keyof TopicPayloads) makes a topic missing from TopicPayloads a compile error.
export const TOPIC_CODECS: { readonly [T in CodedTopic]: MessageCodec<TopicPayloads[T]> } = {
  [Topics.RawMes]: PlantEvent,
  [Topics.RawErp]: PlantEvent,
  [Topics.RawHistorian]: PlantEvent,
  [Topics.RawQms]: PlantEvent,
  [Topics.RawCmms]: PlantEvent,
  [Topics.PlantEvents]: PlantEvent,
  [Topics.DocumentsPublished]: KnowledgeDocument,
  [Topics.ActionsProposed]: ProposedAction,
  [Topics.ActionsDecided]: Decision,
  [Topics.ActionsExecuted]: ExecutionRecord,
  [Topics.Recommendations]: Recommendation,
  [Topics.LlmCalls]: LlmCallRecord,
  [Topics.LedgerEntries]: LedgerEntry,
  [Topics.LedgerCheckpoints]: LedgerCheckpoint,
  [Topics.ShiftAcknowledged]: ShiftAcknowledgement,
};

/** Codec by fully-qualified message name, e.g. for LedgerEntry.payload_type. Method bivariance lets each typed codec stand in for MessageCodec<unknown>. */
export const PAYLOAD_CODECS: { readonly [P in PayloadMessage]: MessageCodec<unknown> } = {
  'andon.v1.PlantEvent': PlantEvent,
  'andon.v1.DeadLetter': DeadLetter,
  'andon.v1.KnowledgeDocument': KnowledgeDocument,
  'andon.v1.ProposedAction': ProposedAction,
  'andon.v1.Decision': Decision,
  'andon.v1.ExecutionRecord': ExecutionRecord,
  'andon.v1.Recommendation': Recommendation,
  'andon.v1.LlmCallRecord': LlmCallRecord,
  'andon.v1.LedgerEntry': LedgerEntry,
  'andon.v1.LedgerCheckpoint': LedgerCheckpoint,
  'andon.v1.ShiftAcknowledgement': ShiftAcknowledgement,
};
