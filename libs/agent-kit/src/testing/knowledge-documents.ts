import type { EventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, KnowledgeDocument, documentRevisionKey } from '@andon/contracts';

/** Publishes document revisions as the document management integration would, one key per revision (compacted topic). */
export async function publishKnowledgeDocuments(
  bus: EventBus,
  topic: string,
  docs: readonly KnowledgeDocument[],
): Promise<void> {
  await bus.publish(
    docs.map((d) => ({
      topic,
      key: documentRevisionKey(d.documentId, d.revision),
      value: KnowledgeDocument.encode(d).finish(),
      headers: {
        [HeaderNames.EventId]: `${documentRevisionKey(d.documentId, d.revision)}:${d.publishedAt?.toISOString() ?? ''}`,
        [HeaderNames.EventType]: 'document_published',
        [HeaderNames.ContentType]: ContentTypes.Protobuf,
        [HeaderNames.Site]: d.scope?.site ?? '',
        [HeaderNames.ProducedBy]: 'document-management',
      },
    })),
  );
}
