import { DocumentContentType, DocumentStatus, DocumentType, type KnowledgeDocument } from '@andon/contracts';
import { parseSteps, type ProcedureRevision, type RevisionStatus } from '../procedures/procedure-library';

export type ProcedureDocumentOutcome = { procedure: ProcedureRevision } | { skipped: string };

const PROCEDURE_TYPES: ReadonlySet<DocumentType> = new Set([DocumentType.SOP, DocumentType.WORK_INSTRUCTION]);
const TEXT_CONTENT: ReadonlySet<DocumentContentType> = new Set([
  DocumentContentType.MARKDOWN,
  DocumentContentType.TEXT,
]);
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/;

/**
 * The procedure revision a published document carries, or why it is not one. Only SOPs
 * and work instructions in markdown or text have numbered steps the agent can check;
 * manuals, histories and PDFs are the retrieval service's business, not a defect.
 */
export function procedureFromDocument(doc: KnowledgeDocument): ProcedureDocumentOutcome {
  if (!doc.documentId || !doc.revision) return { skipped: 'no document id or revision' };
  if (!PROCEDURE_TYPES.has(doc.docType)) return { skipped: 'not an SOP or work instruction' };
  if (!TEXT_CONTENT.has(doc.contentType)) return { skipped: 'content is not markdown or text' };
  // The metadata travels in the message fields; a publisher that also left the front matter in the body is tolerated.
  const body = Buffer.from(doc.content).toString('utf8').replace(FRONT_MATTER, '');
  const steps = parseSteps(body);
  if (steps.length === 0) return { skipped: 'no numbered steps' };
  return {
    procedure: {
      documentId: doc.documentId,
      revision: doc.revision,
      status: statusOf(doc.status),
      title: doc.title || doc.documentId,
      effectiveFrom: doc.effectiveFrom?.getTime(),
      effectiveTo: doc.effectiveTo?.getTime(),
      steps,
      scope: { site: doc.scope?.site ?? '', line: doc.scope?.line ?? '' },
      file: `documents:${doc.sourceRecordId || `${doc.documentId}@${doc.revision}`}`,
    },
  };
}

function statusOf(s: DocumentStatus): RevisionStatus {
  switch (s) {
    case DocumentStatus.APPROVED:
      return 'approved';
    case DocumentStatus.DRAFT:
      return 'draft';
    case DocumentStatus.OBSOLETE:
      return 'obsolete';
    default:
      return 'unknown';
  }
}
