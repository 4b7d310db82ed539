/**
 * Kafka topic catalogue. Names follow `andon.<entity>[.<event>].v<N>`; a breaking payload
 * change gets a new topic version rather than a new meaning on an old name.
 * docs/topics.md is checked against TOPIC_SPECS by topics-doc.spec.ts.
 */
export const Topics = {
  RawMes: 'andon.raw.mes.v1',
  RawErp: 'andon.raw.erp.v1',
  RawHistorian: 'andon.raw.historian.v1',
  RawQms: 'andon.raw.qms.v1',
  RawCmms: 'andon.raw.cmms.v1',
  PlantEvents: 'andon.plant-events.v1',
  DeadLetters: 'andon.dlq.v1',
  DocumentsPublished: 'andon.documents.published.v1',
  ActionsProposed: 'andon.actions.proposed.v1',
  ActionsDecided: 'andon.actions.decided.v1',
  ActionsExecuted: 'andon.actions.executed.v1',
  Recommendations: 'andon.recommendations.v1',
  LlmCalls: 'andon.llm.calls.v1',
  LedgerEntries: 'andon.ledger.entries.v1',
  LedgerCheckpoints: 'andon.ledger.checkpoints.v1',
  ShiftAcknowledged: 'andon.shift.acknowledged.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const TOPIC_NAME_PATTERN = /^andon\.[a-z0-9-]+(\.[a-z0-9-]+)*\.v\d+$/;

/**
 * How a topic's record key is built. Per-key ordering is the only ordering Kafka gives,
 * so the key is chosen by what must stay in order:
 * - `site/line`: events of one line in order (locationKey()).
 * - `site`: per-site ordering is enough (LLM call records).
 * - `document/revision`: one key per document revision (documentRevisionKey()); with
 *   compaction the topic keeps the latest state of every revision.
 * - `original-key`: the dead letter keeps the failed record's key, so replay preserves order.
 * - `chain`: one constant key and one partition; the hash chain is a total order.
 */
export type TopicKey = 'site/line' | 'site' | 'document/revision' | 'original-key' | 'chain';

/** Fully-qualified protobuf message carried as the record value. */
export type PayloadMessage =
  | 'andon.v1.PlantEvent'
  | 'andon.v1.DeadLetter'
  | 'andon.v1.KnowledgeDocument'
  | 'andon.v1.ProposedAction'
  | 'andon.v1.Decision'
  | 'andon.v1.ExecutionRecord'
  | 'andon.v1.Recommendation'
  | 'andon.v1.LlmCallRecord'
  | 'andon.v1.LedgerEntry'
  | 'andon.v1.LedgerCheckpoint'
  | 'andon.v1.ShiftAcknowledgement';

/**
 * What a dead-letter record carries: the failed record's ORIGINAL bytes as its value and
 * headers, plus the `andon-dlq-*` headers (reason, source topic/partition/offset, group,
 * time). Byte-exact, so a replay re-publishes exactly what the plant sent. The DeadLetter
 * message is the decoded view of such a record (APIs, CLI), not the wire value.
 */
export const ORIGINAL_RECORD = 'original record + andon-dlq-* headers' as const;

export type CleanupPolicy = 'delete' | 'compact';

export interface TopicSpec {
  readonly name: TopicName;
  readonly partitions: number;
  /** Production value; a single-broker dev cluster caps it at its broker count. */
  readonly replicationFactor: number;
  /** -1 keeps records forever. */
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
  readonly key: TopicKey;
  readonly payload: PayloadMessage | typeof ORIGINAL_RECORD;
  /** Raw topics also accept JSON from integration teams that cannot produce protobuf. */
  readonly acceptsJson: boolean;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const FOREVER = -1;

function raw(name: TopicName, source: string, partitions: number, retentionDays: number): TopicSpec {
  return {
    name,
    partitions,
    replicationFactor: 3,
    retentionMs: retentionDays * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.PlantEvent',
    acceptsJson: true,
    producers: [`plant ${source} integration`, 'mes-sim'],
    consumers: ['ingest'],
  };
}

const AGENTS = ['quality-agent', 'maintenance-agent', 'production-agent', 'compliance-agent'];

export const TOPIC_SPECS: Readonly<Record<TopicName, TopicSpec>> = {
  [Topics.RawMes]: raw(Topics.RawMes, 'MES', 6, 7),
  [Topics.RawErp]: raw(Topics.RawErp, 'ERP', 3, 7),
  // Historians sample far more often than the other systems write; more partitions, shorter retention.
  [Topics.RawHistorian]: raw(Topics.RawHistorian, 'historian', 12, 3),
  [Topics.RawQms]: raw(Topics.RawQms, 'QMS', 3, 7),
  [Topics.RawCmms]: raw(Topics.RawCmms, 'CMMS', 3, 7),
  [Topics.PlantEvents]: {
    name: Topics.PlantEvents,
    partitions: 12,
    replicationFactor: 3,
    retentionMs: 14 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.PlantEvent',
    acceptsJson: false,
    producers: ['ingest'],
    consumers: [...AGENTS, 'context-retrieval'],
  },
  [Topics.DeadLetters]: {
    name: Topics.DeadLetters,
    partitions: 3,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'original-key',
    payload: ORIGINAL_RECORD,
    acceptsJson: false,
    producers: ['ingest', 'every consumer (via libs/bus)'],
    consumers: ['operations (inspection, replay)'],
  },
  [Topics.DocumentsPublished]: {
    name: Topics.DocumentsPublished,
    partitions: 3,
    replicationFactor: 3,
    // Compacted and kept forever, so a new index can be rebuilt from the topic alone.
    retentionMs: FOREVER,
    cleanupPolicy: 'compact',
    key: 'document/revision',
    payload: 'andon.v1.KnowledgeDocument',
    acceptsJson: false,
    producers: ['document management integration', 'mes-sim'],
    consumers: ['context-retrieval', 'compliance-agent', 'audit-ledger'],
  },
  [Topics.ActionsProposed]: {
    name: Topics.ActionsProposed,
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.ProposedAction',
    acceptsJson: false,
    producers: [...AGENTS, 'mcp'],
    consumers: ['approval', 'audit-ledger'],
  },
  [Topics.ActionsDecided]: {
    name: Topics.ActionsDecided,
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.Decision',
    acceptsJson: false,
    producers: ['approval'],
    consumers: ['mes-writeback', 'audit-ledger'],
  },
  [Topics.ActionsExecuted]: {
    name: Topics.ActionsExecuted,
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.ExecutionRecord',
    acceptsJson: false,
    producers: ['mes-writeback'],
    consumers: ['approval', 'audit-ledger'],
  },
  [Topics.Recommendations]: {
    name: Topics.Recommendations,
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.Recommendation',
    acceptsJson: false,
    producers: AGENTS,
    consumers: ['audit-ledger', 'console', 'downstream systems'],
  },
  [Topics.LlmCalls]: {
    name: Topics.LlmCalls,
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site',
    payload: 'andon.v1.LlmCallRecord',
    acceptsJson: false,
    producers: [...AGENTS, 'context-retrieval', 'mcp'],
    consumers: ['audit-ledger'],
  },
  [Topics.LedgerEntries]: {
    name: Topics.LedgerEntries,
    // One partition: the hash chain is a total order and must be read back in it.
    partitions: 1,
    replicationFactor: 3,
    retentionMs: FOREVER,
    cleanupPolicy: 'delete',
    key: 'chain',
    payload: 'andon.v1.LedgerEntry',
    acceptsJson: false,
    producers: ['audit-ledger'],
    consumers: ['external archive / SIEM'],
  },
  [Topics.LedgerCheckpoints]: {
    name: Topics.LedgerCheckpoints,
    // One partition and kept forever: a verifier reads the latest signed head of each chain.
    partitions: 1,
    replicationFactor: 3,
    retentionMs: FOREVER,
    cleanupPolicy: 'delete',
    key: 'chain',
    payload: 'andon.v1.LedgerCheckpoint',
    acceptsJson: false,
    producers: ['audit-ledger'],
    consumers: ['external archive / SIEM', 'auditors'],
  },
  [Topics.ShiftAcknowledged]: {
    name: Topics.ShiftAcknowledged,
    partitions: 3,
    replicationFactor: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'site/line',
    payload: 'andon.v1.ShiftAcknowledgement',
    acceptsJson: false,
    // Never mes-writeback: an acknowledgement is a reviewed record, not an MES action.
    producers: ['approval'],
    consumers: ['audit-ledger'],
  },
};

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);
