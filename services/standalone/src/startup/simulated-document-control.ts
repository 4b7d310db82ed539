import { resolve } from 'node:path';
import type { EventBus } from '@andon/bus';
import { Topics, documentPublishedMessage } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { loadCorpus } from '@andon/service-context-retrieval';

/**
 * The simulated plant's document control: publishes every revision in the knowledge folder
 * on andon.documents.published.v1, as a plant's document-management integration does.
 * The agents learn the procedure revisions they choose steps from there (ADR 0022); in a
 * deployment the plant's own system publishes them. Each start publishes again: a revision
 * is keyed by document and revision, and every consumer takes a revision it has already
 * seen as unchanged.
 */
export async function publishSimulatedDocuments(
  bus: EventBus,
  knowledgeDir: string,
  log: Logger,
): Promise<number> {
  const docs = loadCorpus(resolve(knowledgeDir)).map((d) => d.document);
  await bus.publish(
    docs.map((doc) => documentPublishedMessage(Topics.DocumentsPublished, doc, 'mes-sim-document-control')),
  );
  log.info(
    { revisions: docs.length, dir: knowledgeDir },
    'simulated document control published the knowledge folder',
  );
  return docs.length;
}
