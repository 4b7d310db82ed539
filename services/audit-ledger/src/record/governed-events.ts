import { TRACEPARENT, traceIdOf } from '@andon/observability';
import { createHash } from 'node:crypto';
import { ExecutionStatus, TOPIC_CODECS, TOPIC_SPECS, Topics, type TopicPayloads } from '@andon/contracts';
import type { LedgerKind } from '@andon/governance/ledger';
import type { EntryFields } from '../chain/chain-format';

/** The topics whose every record the ledger keeps. */
export const GOVERNED_TOPICS = [
  Topics.ActionsProposed,
  Topics.ActionsDecided,
  Topics.ActionsExecuted,
  Topics.Recommendations,
  Topics.LlmCalls,
  Topics.ShiftAcknowledged,
] as const;
export type GovernedTopic = (typeof GOVERNED_TOPICS)[number];

export function isGovernedTopic(topic: string): topic is GovernedTopic {
  return (GOVERNED_TOPICS as readonly string[]).includes(topic);
}

export interface SourceRecord {
  topic: GovernedTopic;
  partition: number;
  offset: string;
  eventId: string | undefined;
  correlationId: string | undefined;
  /** The record's headers; a W3C traceparent puts its trace id on the entry. */
  headers?: Readonly<Record<string, string>>;
  value: Uint8Array;
}

interface Described {
  kind: LedgerKind;
  subjectId: string;
  site: string;
  correlationId: string;
}

// Action entries are all about the action (subject = action id), so one subject query
// returns the action's whole story: proposed -> decided -> executed or refused.
const DESCRIBE: { [T in GovernedTopic]: (m: TopicPayloads[T]) => Described } = {
  [Topics.ActionsProposed]: (m) => ({
    kind: 'action.proposed',
    subjectId: m.actionId,
    site: m.location?.site ?? '',
    correlationId: m.correlationId,
  }),
  [Topics.ActionsDecided]: (m) => ({
    kind: 'action.decided',
    subjectId: m.actionId,
    site: m.location?.site ?? '',
    correlationId: m.correlationId,
  }),
  [Topics.ActionsExecuted]: (m) => ({
    kind: m.status === ExecutionStatus.REFUSED ? 'action.refused' : 'action.executed',
    subjectId: m.actionId,
    site: m.location?.site ?? '',
    correlationId: m.correlationId,
  }),
  [Topics.Recommendations]: (m) => ({
    kind: 'recommendation',
    subjectId: m.recommendationId,
    site: m.location?.site ?? '',
    correlationId: m.correlationId,
  }),
  [Topics.LlmCalls]: (m) => ({
    kind: 'llm.call',
    subjectId: m.callId,
    site: m.site,
    correlationId: m.correlationId,
  }),
  // Subject = the shift, so one subject query lists every acknowledgement of that shift.
  [Topics.ShiftAcknowledged]: (m) => ({
    kind: 'shift.acknowledged',
    subjectId: m.shiftId,
    site: m.location?.site ?? '',
    correlationId: m.correlationId,
  }),
};

function describe<T extends GovernedTopic>(
  topic: T,
  value: Uint8Array,
): { described: Described; json: unknown } {
  const codec = TOPIC_CODECS[topic];
  const message = codec.decode(value);
  return { described: DESCRIBE[topic](message), json: codec.toJSON(message) };
}

/**
 * What the ledger stores about one governed record: the decoded message as proto JSON
 * (readable, queryable), where it came from, and sha256 of the exact bytes received, so
 * an auditor holding the Kafka record can match it to its entry. Throws on a record that
 * does not decode or names no subject.
 */
export function entryFor(record: SourceRecord): EntryFields {
  const { described, json } = describe(record.topic, record.value);
  if (!described.subjectId)
    throw new Error(`${TOPIC_SPECS[record.topic].payload} on ${record.topic} has no subject id`);
  return {
    ...described,
    correlationId: described.correlationId || record.correlationId || '',
    payload: {
      type: TOPIC_SPECS[record.topic].payload,
      source: {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        eventId: record.eventId ?? '',
        ...traceOf(record),
      },
      bytesSha256: createHash('sha256').update(record.value).digest('hex'),
      message: json,
    },
  };
}

/** `{ traceId }` when the record carries a W3C traceparent (docs/adr/0017), else nothing. */
function traceOf(record: SourceRecord): { traceId?: string } {
  const traceId = traceIdOf(record.headers?.[TRACEPARENT]);
  return traceId ? { traceId } : {};
}
