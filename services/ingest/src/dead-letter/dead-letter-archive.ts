import { createHash } from 'node:crypto';
import type { MessageHeaders as Headers } from '@andon/bus';
import { DeadLetterReason, HeaderNames, deadLetterReasonCode } from '@andon/contracts';
import type { DocumentCollection, DocumentStore, Filter, Versioned } from '@andon/persistence';
import { REJECTION_REASONS, type RejectionReason } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { originalHeaders } from './dead-letter-record';

export const DEAD_LETTER_COLLECTION = 'ingest_dead_letters';

export type ArchiveStatus = 'pending' | 'replayed';

/** One dead letter of ingest's consumer groups, as listed and replayed by operators. */
export interface ArchivedDeadLetter extends Versioned {
  /** Contract reason code from andon-dlq-reason, e.g. `schema_invalid`, `retries_exhausted`. */
  reason: string;
  /** Ingest's finer reason (e.g. `timestamp_skew`), or the contract code when the bus chose it. */
  detail: string;
  message: string;
  errorName: string;
  failedAt: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  consumerGroup: string;
  attempts: number;
  /** The original record's key; null when it had none. */
  key: string | null;
  /** The original bytes, base64. */
  value: string;
  /** The original headers as [name, value] pairs (names may hold characters document keys may not). */
  headers: Array<[string, string]>;
  /** Where the dead letter itself sits: `topic/partition/offset`, or `http` when ingest wrote it. */
  dlqPosition: string;
  status: ArchiveStatus;
  replayCount: number;
  replayedAt: string | null;
}

export interface DeadLetterFilter {
  /** Contract reason code or ingest's fine reason. */
  reason?: string;
  /** ISO time: dead letters that failed at or after it. */
  since?: string;
  status?: ArchiveStatus | 'all';
  limit?: number;
}

const FINE_REASONS: ReadonlySet<string> = new Set(REJECTION_REASONS);
const CONTRACT_CODES: ReadonlySet<string> = new Set(
  Object.values(DeadLetterReason)
    .filter((v): v is DeadLetterReason => typeof v === 'number' && v > 0)
    .map((v) => deadLetterReasonCode(v)),
);

/** `timestamp_skew: occurred_at ...` -> `timestamp_skew`; the bus's own messages have no such prefix. */
export function detailOf(message: string, reason: string): string {
  const prefix = message.split(':', 1)[0] ?? '';
  return FINE_REASONS.has(prefix) ? (prefix as RejectionReason) : reason;
}

export interface DeadLetterRecord {
  value: Uint8Array;
  headers: Headers;
  key: string | null;
  dlqPosition: string;
}

/**
 * The operators' view of ingest's dead letters, persisted in the document store so the
 * CLI and the replay endpoint can filter them from any process. Filled by the archiver
 * (a consumer of andon.dlq.v1); the topic stays the record of truth.
 */
export class DeadLetterArchive {
  private constructor(private readonly letters: DocumentCollection<ArchivedDeadLetter>) {}

  static async open(store: DocumentStore): Promise<DeadLetterArchive> {
    const letters = await store.collection<ArchivedDeadLetter>(DEAD_LETTER_COLLECTION, [
      { name: 'by_status_failed_at', fields: { status: 1, failedAt: 1 } },
      { name: 'by_reason', fields: { reason: 1, failedAt: 1 } },
      { name: 'by_detail', fields: { detail: 1, failedAt: 1 } },
    ]);
    return new DeadLetterArchive(letters);
  }

  /**
   * Stable per failed input: the same record dead-lettered twice (a redelivery after a
   * crash) is archived once.
   */
  static idOf(headers: Headers): string {
    const own = headers[IngestHeaders.DlqId];
    if (own) return `http-${own}`;
    const position = [
      HeaderNames.DlqConsumerGroup,
      HeaderNames.DlqSourceTopic,
      HeaderNames.DlqSourcePartition,
      HeaderNames.DlqSourceOffset,
    ]
      .map((h) => headers[h] ?? '')
      .join('|');
    return createHash('sha256').update(position).digest('hex').slice(0, 32);
  }

  async archive(record: DeadLetterRecord): Promise<'archived' | 'duplicate'> {
    const h = record.headers;
    const reason = h[HeaderNames.DlqReason] ?? 'unspecified';
    const message = h[HeaderNames.DlqMessage] ?? '';
    const doc: Omit<ArchivedDeadLetter, 'version'> = {
      _id: DeadLetterArchive.idOf(h),
      reason,
      detail: detailOf(message, reason),
      message,
      errorName: h[HeaderNames.DlqErrorName] ?? '',
      failedAt: h[HeaderNames.DlqFailedAt] ?? new Date().toISOString(),
      sourceTopic: h[HeaderNames.DlqSourceTopic] ?? '',
      sourcePartition: Number(h[HeaderNames.DlqSourcePartition] ?? -1) || 0,
      sourceOffset: h[HeaderNames.DlqSourceOffset] ?? '-1',
      consumerGroup: h[HeaderNames.DlqConsumerGroup] ?? '',
      attempts: Number(h[HeaderNames.DlqAttempts] ?? 0) || 0,
      key: record.key,
      value: Buffer.from(record.value).toString('base64'),
      headers: Object.entries(originalHeaders(h)),
      dlqPosition: record.dlqPosition,
      status: 'pending',
      replayCount: 0,
      replayedAt: null,
    };
    return (await this.letters.insert(doc)) === 'inserted' ? 'archived' : 'duplicate';
  }

  /** Oldest first, so a replay re-submits in the order the records failed (per-key order). */
  async find(filter: DeadLetterFilter = {}): Promise<ArchivedDeadLetter[]> {
    const query: Filter = {};
    const status = filter.status ?? 'pending';
    if (status !== 'all') query['status'] = status;
    if (filter.since) query['failedAt'] = { $gte: new Date(filter.since).toISOString() };
    // A contract code selects by the DLQ header (covering every finer reason under it); any other name by ingest's detail.
    if (filter.reason) query[CONTRACT_CODES.has(filter.reason) ? 'reason' : 'detail'] = filter.reason;
    return this.letters.find(query, { sort: { failedAt: 1 }, limit: filter.limit ?? 100 });
  }

  get(id: string): Promise<ArchivedDeadLetter | null> {
    return this.letters.get(id);
  }

  /** False when someone else replayed or changed it meanwhile. */
  async markReplayed(letter: ArchivedDeadLetter, at: Date): Promise<boolean> {
    const updated = await this.letters.compareAndSet(letter._id, letter.version, {
      status: 'replayed',
      replayCount: letter.replayCount + 1,
      replayedAt: at.toISOString(),
    });
    return updated !== null;
  }
}
