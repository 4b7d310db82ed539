import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  DataClassification,
  DocumentContentType,
  DocumentStatus,
  DocumentType,
  KnowledgeDocument,
} from '@andon/contracts';
import { REPO_ROOT } from '@andon/agent-kit/testing';

const STATUS: Readonly<Record<string, DocumentStatus>> = {
  approved: DocumentStatus.APPROVED,
  draft: DocumentStatus.DRAFT,
  obsolete: DocumentStatus.OBSOLETE,
};
const TYPE: Readonly<Record<string, DocumentType>> = {
  sop: DocumentType.SOP,
  work_instruction: DocumentType.WORK_INSTRUCTION,
  maintenance_manual: DocumentType.MAINTENANCE_MANUAL,
};

/**
 * A file of the repository's knowledge corpus as the document management integration
 * publishes it: metadata in the message fields, the markdown body as content.
 */
export function corpusDocument(relativePath: string): KnowledgeDocument {
  const raw = readFileSync(join(REPO_ROOT, 'knowledge', relativePath), 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(raw);
  if (!match) throw new Error(`${relativePath} has no front matter`);
  const meta = parseYaml(match[1] ?? '') as Record<string, unknown>;
  const date = (v: unknown) =>
    v === undefined || v === null ? undefined : new Date(v instanceof Date ? v.getTime() : String(v));
  return KnowledgeDocument.fromPartial({
    documentId: String(meta['id']),
    title: String(meta['title']),
    docType: TYPE[String(meta['type'])] ?? DocumentType.UNSPECIFIED,
    revision: String(meta['revision']),
    status: STATUS[String(meta['status'])] ?? DocumentStatus.UNSPECIFIED,
    effectiveFrom: date(meta['effective_from']),
    effectiveTo: date(meta['effective_to']),
    scope: {
      site: String(meta['site'] ?? ''),
      line: String(meta['line'] ?? ''),
      product: String(meta['product'] ?? ''),
    },
    dataClassification: DataClassification.INTERNAL,
    owner: String(meta['owner'] ?? ''),
    contentType: DocumentContentType.MARKDOWN,
    content: Buffer.from(match[2] ?? '', 'utf8'),
    publishedAt: date(meta['effective_from']),
    sourceRecordId: relativePath,
  });
}

/** Another revision of a published document (a new one, or the same one republished with a new status or end date). */
export function revisionOf(
  base: KnowledgeDocument,
  change: {
    revision: string;
    status: DocumentStatus;
    effectiveFrom?: Date;
    effectiveTo?: Date;
    body?: string;
  },
): KnowledgeDocument {
  return KnowledgeDocument.fromPartial({
    ...base,
    revision: change.revision,
    status: change.status,
    effectiveFrom: change.effectiveFrom ?? base.effectiveFrom,
    effectiveTo: change.effectiveTo,
    content: change.body !== undefined ? Buffer.from(change.body, 'utf8') : base.content,
    publishedAt: change.effectiveFrom ?? base.publishedAt,
    sourceRecordId: `${base.documentId}-rev-${change.revision}`,
  });
}

/** WI-A-007 as the document system holds it before revision C: A obsolete, B approved (the corpus files). */
export const wiA007 = (): { a: KnowledgeDocument; b: KnowledgeDocument } => ({
  a: corpusDocument('plant-a/wi-a-007-changeover-rev-a.md'),
  b: corpusDocument('plant-a/wi-a-007-changeover-rev-b.md'),
});

/**
 * Revision C of WI-A-007, approved and effective from `from`: eleven steps (a cooling
 * line pressure check added after step 7), and B republished as obsolete up to `from`.
 * The scope is plant-a, every line, so each line running the changeover is concerned.
 */
export function wiA007RevisionC(from: Date): { c: KnowledgeDocument; bObsolete: KnowledgeDocument } {
  const { b } = wiA007();
  const body = Buffer.from(b.content)
    .toString('utf8')
    .replace(
      '4. Connect the cooling lines and check for leaks at 6 bar.',
      '4. Connect the cooling lines and check for leaks at 6 bar.\n5. Log the cooling line pressure in the MES.',
    );
  const c = revisionOf(b, { revision: 'C', status: DocumentStatus.APPROVED, effectiveFrom: from, body });
  return {
    c: KnowledgeDocument.fromPartial({ ...c, scope: { site: 'plant-a', line: '', product: 'PX-100' } }),
    bObsolete: revisionOf(b, {
      revision: 'B',
      status: DocumentStatus.OBSOLETE,
      effectiveFrom: b.effectiveFrom,
      effectiveTo: from,
    }),
  };
}
