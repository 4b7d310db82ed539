import { NonRetryableError } from '@andon/bus';
import { PlantEvent } from '@andon/contracts';
import type { EmbeddingsPort } from '@andon/llm';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG } from '@andon/service-kit';
import { EMBEDDINGS, KNOWLEDGE_INDEX } from '../context-retrieval.tokens';
import type { KnowledgeIndex } from '../knowledge-index/knowledge-index.port';
import { plantEventRecord } from './plant-event-record';

/**
 * Indexes plant events as records with site/line/time metadata, so "what happened on
 * line 3 in the last 8 hours" is a filtered search. Idempotent: a redelivered event
 * overwrites its own record (keyed by event id).
 */
@Injectable()
export class RecordIndexer {
  constructor(
    @Inject(KNOWLEDGE_INDEX) private readonly index: KnowledgeIndex,
    @Inject(EMBEDDINGS) private readonly embeddings: EmbeddingsPort | null,
    @Optional() @Inject(SERVICE_LOG) private readonly log?: Logger,
  ) {}

  /** Decodes one andon.plant-events.v1 value; an undecodable one can never succeed. */
  async handle(value: Uint8Array): Promise<'indexed' | 'skipped'> {
    let event: PlantEvent;
    try {
      event = PlantEvent.decode(value);
    } catch (err) {
      throw new NonRetryableError('undecodable PlantEvent', { cause: err });
    }
    return (await this.indexEvents([event])) > 0 ? 'indexed' : 'skipped';
  }

  async indexEvents(events: readonly PlantEvent[]): Promise<number> {
    const records = events.map(plantEventRecord).filter((r) => r !== null);
    if (records.length === 0) return 0;
    if (this.embeddings && this.index.vectorDims !== null) {
      const vectors = await this.embeddings.embed(records.map((r) => `${r.title}\n${r.text}`));
      records.forEach((r, i) => (r.embedding = vectors[i] ?? null));
    }
    await this.index.upsertRecords(records);
    this.log?.debug({ records: records.length }, 'plant events indexed');
    return records.length;
  }
}
