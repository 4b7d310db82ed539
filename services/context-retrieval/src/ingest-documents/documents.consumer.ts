import { NonRetryableError, type EventBus, type Subscription } from '@andon/bus';
import { KnowledgeDocument, Topics } from '@andon/contracts';
import type { DocumentIngestion } from './document-ingestion.service';

/**
 * Indexes revisions published on andon.documents.published.v1 (compacted: replaying it
 * from the beginning rebuilds the index). A rejected revision is dead-lettered; a
 * failed one (index or embeddings down) is retried by the bus.
 */
export class DocumentsConsumer {
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly ingestion: DocumentIngestion,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: this.groupId,
      topics: [Topics.DocumentsPublished],
      handler: async (value, ctx) => {
        let doc: KnowledgeDocument;
        try {
          doc = KnowledgeDocument.decode(value);
        } catch (err) {
          throw new NonRetryableError('undecodable KnowledgeDocument', { cause: err });
        }
        const outcome = await this.ingestion.ingest(doc);
        if (outcome.outcome === 'rejected') throw new NonRetryableError(`document rejected: ${outcome.reason ?? 'invalid'}`);
        if (outcome.outcome === 'failed') throw new Error(`indexing ${doc.documentId}@${doc.revision} failed: ${outcome.reason ?? 'unknown'}`);
        ctx.log.info({ documentId: doc.documentId, revision: doc.revision, outcome: outcome.outcome }, 'published document handled');
      },
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
