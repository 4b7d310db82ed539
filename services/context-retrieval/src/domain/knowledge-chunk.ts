/**
 * What the knowledge index holds. Both adapters store exactly these fields, so a hit
 * from Elasticsearch and a hit from SQLite carry the same lineage.
 */

export const DOC_TYPES = [
  'sop',
  'work_instruction',
  'maintenance_manual',
  'deviation_history',
  'ncr_history',
  'work_order_history',
  'plant_event',
] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** Types a controlled document may have (everything but operational records). */
export const DOCUMENT_TYPES = DOC_TYPES.filter(
  (t): t is Exclude<DocType, 'plant_event'> => t !== 'plant_event',
);

/** The controlled-document types an operator's question may be answered from. */
export const PROCEDURE_TYPES: readonly DocType[] = ['sop', 'work_instruction', 'maintenance_manual'];

export const DOC_STATUSES = ['draft', 'approved', 'obsolete'] as const;
export type DocStatus = (typeof DOC_STATUSES)[number];

/** Ordered from least to most sensitive; the index stores the rank (1..4). */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export function classificationRank(c: Classification): number {
  return CLASSIFICATIONS.indexOf(c) + 1;
}

export type ChunkKind = 'document' | 'record';

export interface KnowledgeChunk {
  /** `<documentId>@<revision>#<ordinal>` for documents, `<documentId>#0` for records. */
  chunkId: string;
  documentId: string;
  revision: string;
  kind: ChunkKind;
  docType: DocType;
  title: string;
  /** Heading path the chunk sits under, e.g. "Procedure > Clearing the jam". */
  section: string;
  text: string;
  /** [start, end) within the revision's stored text (StoredRevision.text). */
  startOffset: number;
  endOffset: number;
  /** Scope; '' means every site / line / product at that level. */
  site: string;
  line: string;
  product: string;
  /** Approval status as published; supersession is expressed by effectiveTo, not by rewriting it. */
  status: DocStatus;
  /** Epoch milliseconds. Records use the time they occurred. */
  effectiveFrom: number;
  effectiveTo: number | null;
  supersededBy: string | null;
  occurredAt: number | null;
  classification: Classification;
  owner: string;
  /** Normalised exact identifiers found in the chunk (alarm codes, part numbers, machine ids). */
  identifiers: string[];
  embedding: number[] | null;
}

export type ContentType = 'markdown' | 'text' | 'html' | 'pdf';

/** One revision's full text and metadata, for click-through from a citation. */
export interface StoredRevision {
  documentId: string;
  revision: string;
  title: string;
  docType: DocType;
  status: DocStatus;
  effectiveFrom: number;
  effectiveTo: number | null;
  supersededBy: string | null;
  site: string;
  line: string;
  product: string;
  classification: Classification;
  owner: string;
  contentType: ContentType;
  /** The extracted text the chunks' offsets refer to. */
  text: string;
  sourceRecordId: string;
  /** sha256 of the source bytes: an unchanged revision is not re-indexed. */
  contentHash: string;
  chunkCount: number;
  indexedAt: number;
}

/** A revision is effective at `at` when approved and inside its effective window. */
export function isEffectiveAt(
  r: Pick<KnowledgeChunk, 'status' | 'effectiveFrom' | 'effectiveTo'>,
  at: number,
): boolean {
  return r.status === 'approved' && r.effectiveFrom <= at && (r.effectiveTo === null || r.effectiveTo > at);
}

/**
 * The status a reader is shown: an approved revision whose effective window has ended
 * (superseded or withdrawn) is reported as obsolete, so superseded text is never
 * presented as current. One approved for a future date stays approved; `isEffectiveAt`
 * tells the reader it is not in force yet.
 */
export function displayStatus(r: Pick<KnowledgeChunk, 'status' | 'effectiveTo'>, at: number): DocStatus {
  if (r.status !== 'approved') return r.status;
  return r.effectiveTo !== null && r.effectiveTo <= at ? 'obsolete' : 'approved';
}
