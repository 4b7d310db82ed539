import { DataClassification, DocumentContentType, DocumentStatus, DocumentType } from '@andon/contracts';
import type { Classification, ContentType, DocStatus, DocType } from './knowledge-chunk';

/** Between the protobuf enums of @andon/contracts and the index's string vocabulary. */

const DOC_TYPE_TO_PROTO: Readonly<Record<DocType, DocumentType>> = {
  sop: DocumentType.SOP,
  work_instruction: DocumentType.WORK_INSTRUCTION,
  maintenance_manual: DocumentType.MAINTENANCE_MANUAL,
  deviation_history: DocumentType.DEVIATION_HISTORY,
  ncr_history: DocumentType.NCR_HISTORY,
  work_order_history: DocumentType.WORK_ORDER_HISTORY,
  // Operational records have no document type in knowledge.proto.
  plant_event: DocumentType.UNSPECIFIED,
};

export function docTypeToProto(t: DocType): DocumentType {
  return DOC_TYPE_TO_PROTO[t];
}

export function docTypeFromProto(t: DocumentType): DocType | null {
  const found = (Object.entries(DOC_TYPE_TO_PROTO) as [DocType, DocumentType][]).find(
    ([name, v]) => v === t && name !== 'plant_event',
  );
  return found ? found[0] : null;
}

export function statusToProto(s: DocStatus): DocumentStatus {
  return {
    draft: DocumentStatus.DRAFT,
    approved: DocumentStatus.APPROVED,
    obsolete: DocumentStatus.OBSOLETE,
  }[s];
}

export function statusFromProto(s: DocumentStatus): DocStatus | null {
  if (s === DocumentStatus.DRAFT) return 'draft';
  if (s === DocumentStatus.APPROVED) return 'approved';
  if (s === DocumentStatus.OBSOLETE) return 'obsolete';
  return null;
}

/** UNSPECIFIED (or unknown) reads as restricted, so a missing value never widens access. */
export function classificationFromProto(c: DataClassification): Classification {
  if (c === DataClassification.PUBLIC) return 'public';
  if (c === DataClassification.INTERNAL) return 'internal';
  if (c === DataClassification.CONFIDENTIAL) return 'confidential';
  return 'restricted';
}

export function classificationToProto(c: Classification): DataClassification {
  return {
    public: DataClassification.PUBLIC,
    internal: DataClassification.INTERNAL,
    confidential: DataClassification.CONFIDENTIAL,
    restricted: DataClassification.RESTRICTED,
  }[c];
}

/** A requested clearance; UNSPECIFIED means "whatever the roles allow". */
export function clearanceFromProto(c: DataClassification): Classification | undefined {
  return c === DataClassification.UNSPECIFIED || c === DataClassification.UNRECOGNIZED
    ? undefined
    : classificationFromProto(c);
}

export function contentTypeFromProto(c: DocumentContentType): ContentType | null {
  if (c === DocumentContentType.MARKDOWN) return 'markdown';
  if (c === DocumentContentType.TEXT) return 'text';
  if (c === DocumentContentType.HTML) return 'html';
  if (c === DocumentContentType.PDF) return 'pdf';
  return null;
}

export function contentTypeToProto(c: ContentType): DocumentContentType {
  return {
    markdown: DocumentContentType.MARKDOWN,
    text: DocumentContentType.TEXT,
    html: DocumentContentType.HTML,
    pdf: DocumentContentType.PDF,
  }[c];
}
