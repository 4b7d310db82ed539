import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableError, Subscribe, type MessageContext } from '@andon/bus';
import { DocumentContentType, DocumentStatus, DocumentType, KnowledgeDocument } from '@andon/contracts';
import type { ProcedureRevisionText } from '@andon/llm';
import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import { AgentContext } from './agent-context';

const PROCEDURE_TYPES: ReadonlySet<DocumentType> = new Set([DocumentType.SOP, DocumentType.WORK_INSTRUCTION]);
const TEXT_CONTENT: ReadonlySet<DocumentContentType> = new Set([
  DocumentContentType.MARKDOWN,
  DocumentContentType.TEXT,
]);
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/;

const STATUS: Partial<Record<DocumentStatus, string>> = {
  [DocumentStatus.APPROVED]: 'approved',
  [DocumentStatus.DRAFT]: 'draft',
  [DocumentStatus.OBSOLETE]: 'obsolete',
};

/**
 * A published SOP or work instruction (markdown or text) as a procedure revision whose
 * steps an agent's use cases may select (ADR 0022); undefined for anything else. Status,
 * effective window and site scope travel with it: the gateway decides per call whether
 * its steps may be recommended.
 */
export function procedureRevisionOf(doc: KnowledgeDocument): ProcedureRevisionText | undefined {
  if (
    !doc.documentId ||
    !doc.revision ||
    !PROCEDURE_TYPES.has(doc.docType) ||
    !TEXT_CONTENT.has(doc.contentType)
  )
    return undefined;
  return {
    documentId: doc.documentId,
    revision: doc.revision,
    title: doc.title || doc.documentId,
    status: STATUS[doc.status] ?? 'unknown',
    effectiveFrom: doc.effectiveFrom?.toISOString(),
    effectiveTo: doc.effectiveTo?.toISOString(),
    site: doc.scope?.site ?? '',
    text: Buffer.from(doc.content).toString('utf8').replace(FRONT_MATTER, ''),
  };
}

interface StoredProcedure extends Versioned, ProcedureRevisionText {}

/**
 * The procedure revisions an agent learned from andon.documents.published.v1, kept in its
 * store so a restarted agent recommends steps at once. Reference data, not site-scoped:
 * a revision's own scope says where it applies (an enterprise SOP belongs to every site).
 */
export class ProcedureRevisionsStore {
  private constructor(private readonly collection: DocumentCollection<StoredProcedure>) {}

  static async open(store: DocumentStore): Promise<ProcedureRevisionsStore> {
    return new ProcedureRevisionsStore(
      await store.collection<StoredProcedure>('agent_procedure_revisions', []),
    );
  }

  /** Stores a revision, or replaces a republished one (status or end date changed). */
  async save(rev: ProcedureRevisionText): Promise<void> {
    const id = `${rev.documentId}@${rev.revision}`;
    const fields = {
      ...rev,
      effectiveFrom: rev.effectiveFrom ?? null,
      effectiveTo: rev.effectiveTo ?? null,
      site: rev.site ?? '',
    };
    for (;;) {
      const existing = await this.collection.get(id);
      if (!existing) {
        if (
          (await this.collection.insert({ _id: id, ...fields } as Omit<StoredProcedure, 'version'>)) ===
          'inserted'
        )
          return;
        continue;
      }
      if (await this.collection.compareAndSet(id, existing.version, fields as Partial<StoredProcedure>))
        return;
    }
  }

  /**
   * Approved revisions for a site (its own and every-site ones) that `about` matches (a
   * pattern on the title, or a predicate on the revision). The gateway still refuses
   * steps of a revision not in force or flagged.
   */
  async forSite(
    site: string,
    about: RegExp | ((rev: ProcedureRevisionText) => boolean),
    limit = 3,
  ): Promise<ProcedureRevisionText[]> {
    const matches =
      typeof about === 'function' ? about : (rev: ProcedureRevisionText) => about.test(rev.title);
    const docs = await this.collection.find({}, { sort: { _id: 1 } });
    return (
      docs
        // Only approved revisions go to the model; the gateway still checks the effective window and site.
        .filter((d) => d.status === 'approved' && (d.site === '' || d.site === site))
        .map((d): ProcedureRevisionText => ({
          documentId: d.documentId,
          revision: d.revision,
          title: d.title,
          status: d.status,
          effectiveFrom: d.effectiveFrom ?? undefined,
          effectiveTo: d.effectiveTo ?? undefined,
          site: d.site ?? '',
          text: d.text,
        }))
        .filter(matches)
        .slice(0, limit)
    );
  }
}

/**
 * Learns procedure revisions from andon.documents.published.v1 (compacted, read from the
 * beginning by the agent's `-procedures` group). An agent that recommends steps lists
 * this provider, `ProcedureRevisionsStore` in its stores and `documentsPublished` in
 * what it consumes.
 */
@Injectable()
export class ProcedureRevisionsConsumer {
  constructor(
    @Inject(AgentContext) private readonly agent: AgentContext,
    @Inject(ProcedureRevisionsStore) private readonly revisions: ProcedureRevisionsStore,
  ) {}

  @Subscribe((self: ProcedureRevisionsConsumer) =>
    self.agent.subscription({
      topics: ['documentsPublished'],
      groupSuffix: 'procedures',
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
    const rev = procedureRevisionOf(doc);
    if (!rev) return;
    await this.revisions.save(rev);
    ctx.log.debug(
      { documentId: rev.documentId, revision: rev.revision, status: rev.status },
      'procedure revision learned',
    );
  }
}
