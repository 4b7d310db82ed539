import { KnowledgeDocument } from './gen/andon/v1/knowledge';
import { ContentTypes, HeaderNames } from './headers';
import { documentRevisionKey } from './keys';

/** A record for andon.documents.published.v1 (structurally the bus's outgoing message). */
export interface DocumentPublishedMessage {
  topic: string;
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

/**
 * One document revision as a document-management integration publishes it: one key per
 * revision (the topic is compacted, so compaction keeps every revision), the revision's
 * publication time in the event id, the site in the site header.
 */
export function documentPublishedMessage(
  topic: string,
  doc: KnowledgeDocument,
  producedBy = 'document-management',
): DocumentPublishedMessage {
  const key = documentRevisionKey(doc.documentId, doc.revision);
  return {
    topic,
    key,
    value: KnowledgeDocument.encode(doc).finish(),
    headers: {
      [HeaderNames.EventId]: `${key}:${doc.publishedAt?.toISOString() ?? ''}`,
      [HeaderNames.EventType]: 'document_published',
      [HeaderNames.ContentType]: ContentTypes.Protobuf,
      [HeaderNames.Site]: doc.scope?.site ?? '',
      [HeaderNames.ProducedBy]: producedBy,
    },
  };
}
