import type { EventBus } from '@andon/bus';
import { documentPublishedMessage, type KnowledgeDocument } from '@andon/contracts';

/** Publishes document revisions as the document management integration would, one key per revision (compacted topic). */
export async function publishKnowledgeDocuments(
  bus: EventBus,
  topic: string,
  docs: readonly KnowledgeDocument[],
): Promise<void> {
  await bus.publish(docs.map((d) => documentPublishedMessage(topic, d)));
}
