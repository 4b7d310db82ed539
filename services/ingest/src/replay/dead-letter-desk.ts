import type { EventBus } from '@andon/bus';
import type { Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { DeadLetterArchive, type ArchivedDeadLetter } from '../dead-letter/dead-letter-archive';
import { IngestTopics } from '../pipeline/ingest-topics';
import { DlqReplayService } from './dlq-replay.service';

const PREVIEW_BYTES = 2_048;

/** One dead letter as an integration engineer reads it in the console. */
export interface DeadLetterItem {
  id: string;
  reason: string;
  detail: string;
  message: string;
  failedAt: string;
  sourceTopic: string;
  sourcePosition: string;
  /** site/line from the original record's key ('' when it had none). */
  key: string;
  bytes: number;
  /** The first bytes of the original record, as UTF-8 text (invalid sequences replaced). */
  preview: string;
  previewTruncated: boolean;
  status: string;
  replayCount: number;
}

/** What the console's dead-letter view needs: list the archive and replay chosen letters. */
export interface DeadLetterDesk {
  list(filter: { status: 'pending' | 'replayed' | 'all'; limit: number }): Promise<DeadLetterItem[]>;
  replay(
    ids: readonly string[],
  ): Promise<{ replayed: string[]; skipped: Array<{ id: string; why: string }> }>;
}

export function deadLetterItem(l: ArchivedDeadLetter): DeadLetterItem {
  const bytes = Buffer.from(l.value, 'base64');
  return {
    id: l._id,
    reason: l.reason,
    detail: l.detail,
    message: l.message,
    failedAt: l.failedAt,
    sourceTopic: l.sourceTopic,
    sourcePosition: `${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`,
    key: l.key ?? '',
    bytes: bytes.length,
    preview: bytes.subarray(0, PREVIEW_BYTES).toString('utf8'),
    previewTruncated: bytes.length > PREVIEW_BYTES,
    status: l.status,
    replayCount: l.replayCount,
  };
}

/**
 * The archive ingest keeps of its dead letters (the same collection and replay path as
 * `andon dlq` and POST /ingest/v1/dlq/replay), opened on a store for the console.
 */
export async function openDeadLetterDesk(deps: {
  store: DocumentStore;
  bus: EventBus;
  log: Logger;
}): Promise<DeadLetterDesk> {
  const archive = await DeadLetterArchive.open(deps.store);
  const replay = new DlqReplayService(deps.bus, archive, new IngestTopics(), deps.log);
  return {
    list: async (filter) => (await archive.find(filter)).map(deadLetterItem),
    replay: async (ids) => {
      const report = await replay.replay({ ids: [...ids], limit: Math.max(1, ids.length) });
      return { replayed: report.replayed.map((r) => r.id), skipped: report.skipped };
    },
  };
}
