import { NonRetryableError, type EventBus, type Subscription } from '@andon/bus';
import { KnowledgeDocument } from '@andon/contracts';
import type { ProcedureLibrary } from '../procedures/procedure-library';
import type { ProcedureRevisionsRepository } from '../procedures/procedure-revisions.repository';
import type { RevisionAnnouncer } from '../procedures/revision-announcer';
import { procedureFromDocument } from './procedure-document';

export interface ProcedureDocumentsConsumerOptions {
  bus: EventBus;
  topic: string;
  deadLetters: string;
  groupId: string;
  library: ProcedureLibrary;
  revisions: ProcedureRevisionsRepository;
  announcer: RevisionAnnouncer;
  now: () => number;
}

/**
 * Learns SOP and work-instruction revisions from andon.documents.published.v1. The group
 * commits its offsets and the revisions are kept in the store, so a restart flags at once
 * from what it learned and reads only what was published since. A revision is stored
 * before it is learned in memory, then announced; a failure is retried by the bus, and a
 * redelivery finds the revision unchanged.
 */
export class ProcedureDocumentsConsumer {
  private subscription: Subscription | undefined;

  constructor(private readonly options: ProcedureDocumentsConsumerOptions) {}

  async start(): Promise<void> {
    const o = this.options;
    this.subscription ??= await o.bus.subscribe({
      groupId: o.groupId,
      topics: [o.topic],
      dlqTopic: o.deadLetters,
      fromBeginning: true,
      retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 },
      handler: async (value, ctx) => {
        let doc: KnowledgeDocument;
        try {
          doc = KnowledgeDocument.decode(value);
        } catch (err) {
          throw new NonRetryableError('undecodable KnowledgeDocument', { reason: 'decode_failed', cause: err });
        }
        const parsed = procedureFromDocument(doc);
        if ('skipped' in parsed) {
          ctx.log.debug({ documentId: doc.documentId, revision: doc.revision, reason: parsed.skipped }, 'published document is not a checkable procedure');
          return;
        }
        const outcome = await o.revisions.save(parsed.procedure, o.now());
        o.library.learn(parsed.procedure);
        await o.announcer.announceRevision(parsed.procedure.documentId, parsed.procedure.revision);
        ctx.log.info({ documentId: doc.documentId, revision: doc.revision, status: parsed.procedure.status, outcome }, 'procedure revision learned');
      },
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}
