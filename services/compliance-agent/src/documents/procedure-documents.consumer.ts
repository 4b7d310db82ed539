import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableError, Subscribe, type MessageContext } from '@andon/bus';
import { KnowledgeDocument } from '@andon/contracts';
import { AgentContext } from '@andon/agent-kit';
import type { ComplianceAgentSettings } from '../config/compliance-agent.config';
import { ProcedureLibrary } from '../procedures/procedure-library';
import { ProcedureRevisionsRepository } from '../procedures/procedure-revisions.repository';
import { RevisionAnnouncer } from '../procedures/revision-announcer';
import { procedureFromDocument } from './procedure-document';

/**
 * Learns SOP and work-instruction revisions from andon.documents.published.v1. The group
 * (COMPLIANCE_DOCUMENTS_GROUP_ID) commits its offsets and the revisions are kept in the
 * store, so a restart flags at once from what it learned and reads only what was
 * published since. A revision is stored before it is learned in memory, then announced;
 * a failure is retried by the bus, and a redelivery finds the revision unchanged.
 */
@Injectable()
export class ProcedureDocumentsConsumer {
  constructor(
    @Inject(AgentContext) private readonly agent: AgentContext<ComplianceAgentSettings>,
    @Inject(ProcedureLibrary) private readonly library: ProcedureLibrary,
    @Inject(ProcedureRevisionsRepository) private readonly revisions: ProcedureRevisionsRepository,
    @Inject(RevisionAnnouncer) private readonly announcer: RevisionAnnouncer,
  ) {}

  @Subscribe((self: ProcedureDocumentsConsumer) =>
    self.agent.subscription({
      topics: ['documentsPublished'],
      groupId: self.agent.config.COMPLIANCE_DOCUMENTS_GROUP_ID,
      fromBeginning: true,
      idempotent: false,
    }),
  )
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    let doc: KnowledgeDocument;
    try {
      doc = KnowledgeDocument.decode(value);
    } catch (err) {
      throw new NonRetryableError('undecodable KnowledgeDocument', { reason: 'decode_failed', cause: err });
    }
    const parsed = procedureFromDocument(doc);
    if ('skipped' in parsed) {
      ctx.log.debug(
        { documentId: doc.documentId, revision: doc.revision, reason: parsed.skipped },
        'published document is not a checkable procedure',
      );
      return;
    }
    const outcome = await this.revisions.save(parsed.procedure, this.agent.nowMs());
    this.library.learn(parsed.procedure);
    await this.announcer.announceRevision(parsed.procedure.documentId, parsed.procedure.revision);
    ctx.log.info(
      { documentId: doc.documentId, revision: doc.revision, status: parsed.procedure.status, outcome },
      'procedure revision learned',
    );
  }
}
