import type { EventBus } from '@andon/bus';
import { createLogger, type Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import {
  DeadLetterArchive,
  type ArchivedDeadLetter,
  type DeadLetterFilter,
} from '../dead-letter/dead-letter-archive';
import { IngestTopics, type IngestTopicNames } from '../pipeline/ingest-topics';
import { CODE_KINDS, type CodeKind } from '@andon/plant-model';
import { UnmappedCodesRepository, type UnmappedCode } from '../unmapped/unmapped-codes.repository';
import { DlqReplayService, type ReplayReport, type ReplayRequest } from './dlq-replay.service';

export {
  CODE_KINDS as DLQ_CODE_KINDS,
  type CodeKind,
  type ArchivedDeadLetter,
  type DeadLetterFilter,
  type ReplayReport,
  type ReplayRequest,
  type UnmappedCode,
};

export interface DlqOperationsDeps {
  store: DocumentStore;
  /** Needed by `replay` only. */
  bus?: EventBus;
  log?: Logger;
  topics?: IngestTopicNames;
}

/**
 * What the `andon dlq` command (tools/cli) does with ingest's dead-letter archive and
 * unmapped-code list, straight on the document store: no argument parsing here (the CLI
 * owns that), the same archive and replay path as POST /ingest/v1/dlq/replay.
 */
export interface DlqOperations {
  list(filter: DeadLetterFilter): Promise<ArchivedDeadLetter[]>;
  /** Throws when no bus was given. */
  replay(request: ReplayRequest): Promise<ReplayReport>;
  unmapped(filter: { site?: string; kind?: CodeKind; limit?: number }): Promise<UnmappedCode[]>;
}

export async function openDlqOperations(deps: DlqOperationsDeps): Promise<DlqOperations> {
  const archive = await DeadLetterArchive.open(deps.store);
  return {
    list: (filter) => archive.find(filter),
    replay: (request) => {
      if (!deps.bus) throw new Error('replay needs the event bus (KAFKA_BROKERS)');
      const log = deps.log ?? createLogger('andon-dlq-cli', 'warn');
      return new DlqReplayService(deps.bus, archive, new IngestTopics(deps.topics), log).replay(request);
    },
    unmapped: async (filter) => (await UnmappedCodesRepository.open(deps.store)).list(filter),
  };
}
