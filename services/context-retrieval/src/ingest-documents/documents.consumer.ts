import { resolve } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, NonRetryableError, Subscribe, type EventBus, type MessageContext } from '@andon/bus';
import { KnowledgeDocument, TOPIC_SPECS, Topics } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG } from '@andon/service-kit';
import type { ContextRetrievalModuleConfig } from '../config/context-retrieval.config';
import { RETRIEVAL_OPTIONS } from '../context-retrieval.tokens';
import { loadCorpus } from './corpus-loader';
import { DocumentIngestion, type IngestProgress } from './document-ingestion.service';

/** Topics this service reads (and dead-letters to), created if missing. */
export const RETRIEVAL_TOPICS = [Topics.PlantEvents, Topics.DocumentsPublished, Topics.DeadLetters].map(
  (name) => ({ name, partitions: TOPIC_SPECS[name].partitions }),
);

/** What the consumer reads of the module's options. */
export interface DocumentsConsumerOptions {
  config: Pick<ContextRetrievalModuleConfig, 'CONSUMER_GROUP' | 'KNOWLEDGE_DIR'>;
  onIngestProgress?: (p: IngestProgress) => void;
}

/**
 * Indexes revisions published on andon.documents.published.v1 (compacted: replaying it
 * from the beginning rebuilds the index). A rejected revision is dead-lettered; a
 * failed one (index or embeddings down) is retried by the bus. The knowledge folder
 * (KNOWLEDGE_DIR) is indexed first, before anything is consumed.
 */
@Injectable()
export class DocumentsConsumer implements OnModuleInit {
  constructor(
    private readonly ingestion: DocumentIngestion,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(RETRIEVAL_OPTIONS) private readonly options: DocumentsConsumerOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.ensureTopics(RETRIEVAL_TOPICS);
    const dir = this.options.config.KNOWLEDGE_DIR;
    if (!dir) return;
    const corpus = loadCorpus(resolve(dir)).map((d) => d.document);
    const progress =
      this.options.onIngestProgress ??
      ((p: IngestProgress) =>
        this.log.debug(
          { done: p.done, total: p.total, documentId: p.last.documentId, outcome: p.last.outcome },
          'knowledge indexing',
        ));
    const report = await this.ingestion.ingestAll(corpus, progress);
    this.log.info({ dir, ...report, outcomes: undefined }, 'knowledge corpus indexed');
  }

  @Subscribe((self: DocumentsConsumer) => ({
    groupId: `${self.options.config.CONSUMER_GROUP}-documents`,
    topics: [Topics.DocumentsPublished],
  }))
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    let doc: KnowledgeDocument;
    try {
      doc = KnowledgeDocument.decode(value);
    } catch (err) {
      throw new NonRetryableError('undecodable KnowledgeDocument', { cause: err });
    }
    const outcome = await this.ingestion.ingest(doc);
    if (outcome.outcome === 'rejected')
      throw new NonRetryableError(`document rejected: ${outcome.reason ?? 'invalid'}`);
    if (outcome.outcome === 'failed')
      throw new Error(`indexing ${doc.documentId}@${doc.revision} failed: ${outcome.reason ?? 'unknown'}`);
    ctx.log.info(
      { documentId: doc.documentId, revision: doc.revision, outcome: outcome.outcome },
      'published document handled',
    );
  }
}
